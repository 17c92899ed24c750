import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface PdfTextItem {
  str: string;
  /** Points from the left and from the top of the page (the top of the text's baseline box). */
  x: number;
  y: number;
  size: number;
}

export interface PdfPage {
  width: number;
  height: number;
  items: PdfTextItem[];
}

/** The text of a PDF as a reader sees it, read by pdfjs-dist (in a child process: it is ESM only). */
export async function readPdfText(path: string): Promise<PdfPage[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, 'pdf-text-reader.mjs'), path], { maxBuffer: 512 * 1024 * 1024 });
  return (JSON.parse(stdout) as { pages: PdfPage[] }).pages;
}

/** The text of one region of a page (a letter's slot), line by line in reading order, no-break spaces as spaces. */
export function textIn(page: PdfPage, box: { x: number; y: number; width: number; height: number }): string {
  return page.items
    .filter((i) => i.x >= box.x - 0.5 && i.x < box.x + box.width && i.y >= box.y - 0.5 && i.y < box.y + box.height)
    .sort((a, b) => Math.round(a.y) - Math.round(b.y) || a.x - b.x)
    .map((i) => i.str)
    .join('\n')
    .replace(/[\u00a0\u202f]/g, ' ');
}

/** The same on one line: sentences wrapped over several lines read whole. */
export function flatTextIn(page: PdfPage, box: { x: number; y: number; width: number; height: number }): string {
  return textIn(page, box).replace(/\s+/g, ' ');
}
