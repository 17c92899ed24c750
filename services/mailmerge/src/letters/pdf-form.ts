import type { Size } from './sheet-layout.rules';

/** What pdfkit 0.20's drawing code uses of `doc.page` (fonts and other resources, the content stream). */
interface PageLike {
  width: number;
  height: number;
  margins: { top: number; left: number; bottom: number; right: number };
  write(chunk: string | Uint8Array): void;
  readonly fonts: Record<string, unknown>;
  readonly xobjects: Record<string, unknown>;
  readonly ext_gstates: Record<string, unknown>;
  readonly patterns: Record<string, unknown>;
  readonly colorSpaces: Record<string, unknown>;
  maxY(): number;
}

interface PdfkitInternals {
  page: PageLike;
  ref(data?: object): { data: Record<string, unknown>; write(chunk: string | Uint8Array): void; end(): void };
}

let forms = 0;

/**
 * A Form XObject: drawing recorded once, placed on any page with one operator. Every letter of a
 * kind repeats the same title, sentences, labels and steps; recorded once per document, they cost a
 * few bytes per letter instead of a hundred text operations (the drawing of a letter is four times
 * faster). pdfkit has no API for forms: while `record` runs, pdfkit's own drawing calls write into
 * the form instead of the page (pdfkit 0.20 reaches the page through `doc.page` only).
 */
export class PdfForm {
  private constructor(
    readonly name: string,
    private readonly ref: unknown,
  ) {}

  /** Records `draw` (which uses the document as usual, in the form's coordinates) into a new form. */
  static record(doc: PDFKit.PDFDocument, size: Size, draw: () => void): PdfForm {
    const internals = doc as unknown as PdfkitInternals;
    const page = internals.page;
    const resources = internals.ref({ ProcSet: ['PDF', 'Text'] });
    const form = internals.ref({ Type: 'XObject', Subtype: 'Form', FormType: 1, BBox: [0, 0, size.width, size.height], Resources: resources });
    const section = (name: string) => () => (resources.data[name] ??= {}) as Record<string, unknown>;
    const recorder: PageLike = {
      // Text is set with pdfkit's flip about the page's height: the same as on the page itself.
      width: page.width,
      height: page.height,
      margins: page.margins,
      write: (chunk) => form.write(chunk),
      get fonts() {
        return section('Font')();
      },
      get xobjects() {
        return section('XObject')();
      },
      get ext_gstates() {
        return section('ExtGState')();
      },
      get patterns() {
        return section('Pattern')();
      },
      get colorSpaces() {
        return section('ColorSpace')();
      },
      maxY: () => page.maxY(),
    };
    internals.page = recorder;
    try {
      doc.save();
      draw();
      doc.restore();
    } finally {
      internals.page = page;
    }
    form.end();
    resources.end();
    return new PdfForm(`Sesame${++forms}`, form);
  }

  /** Draws the form at the current position and scale (see doc.translate / doc.scale). */
  place(doc: PDFKit.PDFDocument): void {
    const page = (doc as unknown as PdfkitInternals).page;
    page.xobjects[this.name] = this.ref;
    doc.addContent(`/${this.name} Do`);
  }
}
