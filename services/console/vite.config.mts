import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web console: built into dist/web and served by the console service (behind the gateway).
// `npm run dev:web` serves it with hot reload, calling the API of `npm start` on port 3000.
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: { port: 5173, proxy: { '/api': 'http://127.0.0.1:3000' } },
});
