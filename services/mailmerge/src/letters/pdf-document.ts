import { once } from 'node:events';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import PDFDocument from 'pdfkit';

/** Output gathered before a write (see flush). */
const COALESCE_BYTES = 64 * 1024;

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
  dictionary: { data: object; id: number; gen: number };
  resources: { data: object };
}

/**
 * A written object's reference, as pdfkit prints it ("12 0 R"), without the object: pdfkit
 * recognises references by their prototype (PDFAbstractReference), which this shares. Its text is
 * made when the page tree is written, at the end.
 */
let bareReferencePrototype: object | undefined;
function bareReference(ref: WrittenPage['dictionary']): object {
  bareReferencePrototype ??= Object.create(Object.getPrototypeOf(Object.getPrototypeOf(ref)) as object, {
    toString: {
      value(this: { id: number; gen: number }) {
        return `${this.id} ${this.gen} R`;
      },
    },
  }) as object;
  return Object.assign(Object.create(bareReferencePrototype) as object, { id: ref.id, gen: ref.gen });
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
  private pending: Buffer[] = [];
  private pendingBytes = 0;
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
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      if (this.pendingBytes >= COALESCE_BYTES) this.flush();
    });
  }

  /**
   * pdfkit emits a chunk per operator, and at the end one per object of the cross-reference table
   * (three per page) in one synchronous loop: written one by one, 100,000 letters queued 300,000
   * tiny writes (60 MB) before the first left. They are gathered into writes of 64 KB.
   */
  private flush(): void {
    if (this.pendingBytes === 0) return;
    const data = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.out.write(data)) this.drained ??= once(this.out, 'drain');
  }

  /**
   * A new A4 page. The page before it is complete and written; pdfkit still keeps its dictionary
   * (and through it the page's resources) for the page tree, which only needs its object number:
   * emptied, 50,000 pages take a few megabytes instead of a hundred.
   */
  addPage(): void {
    const internals = this.doc as unknown as { page?: WrittenPage; _root: { data: { Pages: { data: { Kids: object[] } } } } };
    const previous = internals.page;
    this.doc.addPage({ size: 'A4', margin: 0 });
    if (previous) {
      const kids = internals._root.data.Pages.data.Kids;
      // The page tree only prints "<id> 0 R" for each page: a bare reference is all it keeps.
      kids[kids.length - 2] = bareReference(previous.dictionary);
      previous.resources.data = {};
    }
  }

  /** Call after each letter: waits while the output catches up, bounds the font caches, lets other work run. */
  async breathe(): Promise<void> {
    if (this.failure) throw this.failure;
    this.flush();
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
    this.doc.on('end', () => {
      this.flush();
      this.out.end();
    });
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
