import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const libs = fileURLToPath(new URL('../../libs/', import.meta.url));

// The web console: built into dist/web and served by the console service (behind the gateway).
// `npm run dev:web` serves it with hot reload, calling the API of `npm start` on port 3000.
export default defineConfig({
  root: 'web',
  plugins: [react()],
  // Pure files of three libraries, imported one by one (no copy, no Node-only code): the account rules
  // (web/src/common/rules.ts), the public pages' addresses (web/src/common/public-pages.ts) and the
  // sentences of a feed's refused files (web/src/feeds/feed-state.ts).
  resolve: { alias: [{ find: /^@sesame\/(account-rules|contracts|feeds)\/(.*)$/, replacement: `${libs}$1/$2` }] },
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: { port: 5173, proxy: { '/api': 'http://127.0.0.1:3000' }, fs: { allow: ['..', libs] } },
});
