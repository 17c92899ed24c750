#!/usr/bin/env node
// Prints the text of a PDF as JSON, page by page, with each piece's position (points, from the top
// left of the page), as a reader's copy-paste would see it. pdfjs-dist is ESM only: the tests
// (CommonJS under Jest) run this script rather than import it.
//   node pdf-text-reader.mjs <file.pdf>  →  {"pages":[{"width":…,"height":…,"items":[{"str":…,"x":…,"y":…,"size":…}]}]}
import { readFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const data = new Uint8Array(await readFile(process.argv[2]));
const pdf = await getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
const pages = [];
for (let n = 1; n <= pdf.numPages; n++) {
  const page = await pdf.getPage(n);
  const { width, height } = page.getViewport({ scale: 1 });
  const { items } = await page.getTextContent();
  pages.push({
    width,
    height,
    items: items
      .filter((item) => 'str' in item && item.str.trim() !== '')
      .map((item) => ({ str: item.str, x: item.transform[4], y: height - item.transform[5], size: Math.hypot(item.transform[2], item.transform[3]) })),
  });
  page.cleanup();
}
process.stdout.write(JSON.stringify({ pages }));
await pdf.destroy();
