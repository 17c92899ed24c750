import { once } from 'node:events';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import PDFDocument from 'pdfkit';

const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/**
 * The faces letters use, embedded (subset) in every document: DejaVu covers every French character
 * (é, ç, œ, ’, « ») and more. Logins and codes are in the monospaced face, where 0 and O, l and 1 differ.
 */
export const FONTS = {
  regular: join(FONT_DIR, 'DejaVuSans.ttf'),
  bold: join(FONT_DIR, 'DejaVuSans-Bold.ttf'),
  mono: join(FONT_DIR, 'DejaVuSansMono-Bold.ttf'),
} as const;
export type FontName = keyof typeof FONTS;

/** A pdfkit page once written: its objects' contents are no longer needed. */
interface WrittenPage {
  dictionary: { data: object };
  resources: { data: object };
}

/** pdfkit's embedded fonts keep the layout of every distinct word they ever set (see `bound`). */
interface EmbeddedFontCache {
  layoutCache?: Record<string, unknown>;
}

/**
 * A PDF written to a stream as it is drawn, with flat memory whatever its length:
 * - pdfkit ignores backpressure: each chunk is written to the output, and when the output's buffer is
 *   full, `breathe()` waits for 'drain' before the next letter is drawn;
 * - pdfkit's embedded fonts cache the layout of each word forever (every name and code is a new word,
 *   so the cache grows with the document): `breathe()` empties it every `fontCacheLetters` letters.
 */
export class PdfDocument {
  readonly doc: PDFKit.PDFDocument;
  private drained?: Promise<unknown>;
  private failure?: Error;
  private sinceCacheReset = 0;

  constructor(
    private readonly out: Writable,
    info: { title: string; author: string; locale: string },
    private readonly fontCacheLetters = 500,
  ) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin: 0,
      autoFirstPage: false,
      compress: true,
      lang: info.locale,
      displayTitle: true,
      info: { Title: info.title, Author: info.author, Creator: 'Sesame' },
    });
    for (const [name, path] of Object.entries(FONTS)) this.doc.registerFont(name, path);
    out.on('error', (error: Error) => (this.failure ??= error));
    this.doc.on('data', (chunk: Buffer) => {
      if (!out.write(chunk)) this.drained ??= once(out, 'drain');
    });
  }

  /**
   * A new A4 page. The page before it is complete and written; pdfkit still keeps its dictionary
   * (and through it the page's resources) for the page tree, which only needs its object number:
   * emptied, 50,000 pages take a few megabytes instead of a hundred.
   */
  addPage(): void {
    const previous = (this.doc as unknown as { page?: WrittenPage }).page;
    this.doc.addPage({ size: 'A4', margin: 0 });
    if (previous) {
      previous.dictionary.data = {};
      previous.resources.data = {};
    }
  }

  /** Call after each letter: waits while the output catches up, bounds the font caches, lets other work run. */
  async breathe(): Promise<void> {
    if (this.failure) throw this.failure;
    if (++this.sinceCacheReset >= this.fontCacheLetters) {
      this.sinceCacheReset = 0;
      this.resetFontCaches();
    }
    if (this.drained) {
      const drained = this.drained;
      await drained;
      this.drained = undefined;
    } else {
      // Timers (job lock renewals) and other requests get their turn even when the disk keeps up.
      await yieldToLoop();
    }
    if (this.failure) throw this.failure;
  }

  /** Words laid out since the last reset, for the tests that check the bound. */
  fontCacheSize(): number {
    return this.fonts().reduce((n, font) => n + Object.keys(font.layoutCache ?? {}).length, 0);
  }

  /** Ends the document; resolves once every byte is written and the output is closed. */
  async end(): Promise<void> {
    const finished = once(this.out, 'finish');
    this.doc.on('end', () => this.out.end());
    this.doc.end();
    await finished;
    if (this.failure) throw this.failure;
  }

  /** Gives up on the document (an error, the service stopping): the output is closed unfinished. */
  abort(): void {
    this.doc.removeAllListeners('data');
    this.out.destroy();
  }

  private resetFontCaches(): void {
    for (const font of this.fonts()) if (font.layoutCache) font.layoutCache = Object.create(null) as Record<string, unknown>;
  }

  private fonts(): EmbeddedFontCache[] {
    // pdfkit's private table of the fonts in use (the embedded fonts hold layoutCache).
    const families = (this.doc as unknown as { _fontFamilies: Record<string, EmbeddedFontCache> })._fontFamilies;
    return Object.values(families);
  }
}
