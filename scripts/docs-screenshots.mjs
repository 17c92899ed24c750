#!/usr/bin/env node
// `npm run docs:screenshots`: refreshes the images of docs/guide-administrateur.md from the browser
// tests' screenshots (test-output/browser/<file>/<journey>/NN-<shot>.png, written by
// `npx jest --selectProjects browser`), reduced and cropped as docs/images/screenshots.json says.
// Two images are not screenshots of a journey: the sign-in page (drawn from the built console,
// which needs no API to show it) and a sheet of letters (the PDF the distribution journey
// downloaded, drawn with pdf.js). Chromium does the resizing: no image tool to install.
//   npm run docs:screenshots [-- name.png …]   (only these)
import { createReadStream, existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const images = join(root, 'docs', 'images');
const shots = join(root, 'test-output', 'browser');
const manifest = JSON.parse(readFileSync(join(images, 'screenshots.json'), 'utf8'));
const only = process.argv.slice(2);
const chromiumPath = process.env.SESAME_TEST_CHROMIUM ?? '/usr/bin/chromium';

/** The screenshot `<file>/<journey>/<shot>` of the last browser test run (its number may change). */
function screenshot(from) {
  const [file, journey, shot] = from.split('/');
  const folder = join(shots, file, journey);
  const found = existsSync(folder) ? readdirSync(folder).filter((name) => new RegExp(`^\\d+-${shot}\\.png$`).test(name)).sort() : [];
  if (!found.length) throw new Error(`${from}: no screenshot in ${folder}; run npx jest --selectProjects browser --testPathPatterns test/browser/${file}.browser-spec.ts`);
  return join(folder, found.at(-1));
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(path) {
  const header = readFileSync(path).subarray(16, 24);
  return { width: header.readUInt32BE(0), height: header.readUInt32BE(4) };
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.png': 'image/png', '.pdf': 'application/pdf', '.json': 'application/json' };

/** Serves the built console (index.html for every page, as the console service does), pdf.js and one PDF. */
function serve(pdf) {
  const web = join(root, 'services', 'console', 'dist', 'web');
  const pdfjs = join(root, 'node_modules', 'pdfjs-dist', 'build');
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    let file;
    if (path.startsWith('/pdfjs/')) file = join(pdfjs, path.slice('/pdfjs/'.length));
    else if (path === '/letters.pdf') file = pdf;
    else if (path === '/letters.html') {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><meta charset="utf-8"><body style="margin:0"><canvas id="page"></canvas>');
      return;
    } else file = path.startsWith('/assets/') ? join(web, path) : join(web, 'index.html');
    if (!file || !existsSync(file) || !statSync(file).isFile()) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Writes `source` (a PNG) to `target`, `width` pixels wide, cropped to `crop` (source pixels) first. */
async function reduce(page, source, target, { width, crop }) {
  const size = pngSize(source);
  const box = { x: 0, y: 0, width: size.width, height: size.height, ...crop };
  box.width = Math.min(box.width, size.width - box.x);
  box.height = Math.min(box.height, size.height - box.y);
  const scale = Math.min(1, width / box.width);
  const out = { width: Math.round(box.width * scale), height: Math.round(box.height * scale) };
  await page.setViewportSize(out);
  const data = readFileSync(source).toString('base64');
  await page.setContent(
    `<body style="margin:0;overflow:hidden"><img id="i" src="data:image/png;base64,${data}" style="position:absolute;left:${-box.x * scale}px;top:${-box.y * scale}px;width:${size.width * scale}px"></body>`,
  );
  await page.waitForFunction(() => document.getElementById('i').complete);
  await page.screenshot({ path: target, clip: { x: 0, y: 0, ...out } });
}

async function main() {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: install Chromium or set SESAME_TEST_CHROMIUM`);
  const entries = Object.entries(manifest.images).filter(([name]) => !only.length || only.includes(name));
  const letters = entries.find(([, entry]) => entry.pdf);
  const server = await serve(letters ? screenshotPdf(letters[1].pdf) : null);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const failures = [];
  try {
    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    for (const [name, entry] of entries) {
      const target = join(images, name);
      try {
        const width = entry.width ?? manifest.width;
        if (entry.from) {
          await reduce(page, screenshot(entry.from), target, { width, crop: entry.crop });
        } else if (entry.page) {
          // A page of the built console that needs no API (the sign-in page).
          if (!existsSync(join(root, 'services', 'console', 'dist', 'web', 'index.html'))) throw new Error('the console is not built: npm run build');
          const shot = await context.newPage();
          await shot.setViewportSize(entry.viewport ?? { width: 1280, height: 800 });
          await shot.goto(`${base}${entry.page}`);
          await shot.getByRole('heading', { name: entry.heading }).first().waitFor();
          const raw = `${target}.raw.png`;
          await shot.screenshot({ path: raw, fullPage: true });
          await shot.close();
          await reduce(page, raw, target, { width, crop: entry.crop });
          rmSync(raw);
        } else if (entry.pdf) {
          // One page of the letters' PDF, drawn by pdf.js into a canvas.
          const shot = await context.newPage();
          await shot.goto(`${base}/letters.html`);
          await shot.evaluate(async ({ pageNumber, scale }) => {
            const pdfjs = await import('/pdfjs/pdf.mjs');
            pdfjs.GlobalWorkerOptions.workerSrc = '/pdfjs/pdf.worker.mjs';
            const pdf = await pdfjs.getDocument('/letters.pdf').promise;
            const sheet = await pdf.getPage(pageNumber);
            const viewport = sheet.getViewport({ scale });
            const canvas = document.getElementById('page');
            canvas.width = viewport.width;
            canvas.height = viewport.height;
            await sheet.render({ canvas, canvasContext: canvas.getContext('2d'), viewport }).promise;
          }, { pageNumber: entry.pdfPage ?? 1, scale: entry.scale ?? 2 });
          const raw = `${target}.raw.png`;
          await shot.locator('#page').screenshot({ path: raw });
          await shot.close();
          await reduce(page, raw, target, { width, crop: entry.crop });
          rmSync(raw);
        }
        process.stdout.write(`${name}: ${Math.round(statSync(target).size / 1024)} KiB\n`);
      } catch (error) {
        failures.push(`${name}: ${error.message}`);
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  if (failures.length) {
    process.stderr.write(`${failures.join('\n')}\n`);
    process.exit(1);
  }
}

/** The PDF a journey downloaded (`<file>/<journey>/<name>.pdf`). */
function screenshotPdf(from) {
  const path = join(shots, ...from.split('/'));
  if (!existsSync(path)) throw new Error(`${from}: missing; run the browser test that downloads it (test/browser/${from.split('/')[0]}.browser-spec.ts)`);
  return path;
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
