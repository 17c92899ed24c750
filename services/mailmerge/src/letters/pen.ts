import type { FontName } from './pdf-document';
import { fittingSize, wrapText } from './line-wrap.rules';

export interface TextStyle {
  font: FontName;
  size: number;
  color: string;
  /** Line height as a multiple of the size. */
  leading?: number;
}

/** pdfkit's internal "set this line here" (pdfkit 0.20), below text()'s options handling and wrapping. */
interface PdfkitFragment {
  _fragment(text: string, x: number, y: number, options: object): void;
}
const FRAGMENT_OPTIONS = Object.freeze({ textWidth: 0, wordCount: 1 });

/**
 * Draws text line by line on a pdfkit document, top-down from `y`, never past `bottom`: pdfkit's own
 * wrapping would add a page when text overflows. Lines are cut here, then set one by one.
 */
export class Pen {
  y = 0;
  bottom = Infinity;
  constructor(private readonly doc: PDFKit.PDFDocument) {}

  at(y: number, bottom: number): this {
    this.y = y;
    this.bottom = bottom;
    return this;
  }

  /** Width of `text` in `style` (pdfkit caches word layouts; see PdfDocument.breathe). */
  width(text: string, style: Pick<TextStyle, 'font' | 'size'>): number {
    return this.doc.font(style.font).fontSize(style.size).widthOfString(text);
  }

  /** One line at (x, current y), shrunk down to `minimum` to fit `width`, wrapped below that. Returns the x after it. */
  line(text: string, x: number, width: number, style: TextStyle, minimum = style.size): number {
    const size = fittingSize(text, width, style.size, minimum, (s, at) => this.width(s, { font: style.font, size: at }));
    if (size === null) {
      this.paragraph(text, x, width, { ...style, size: minimum });
      return x + width;
    }
    if (!this.fits(size * (style.leading ?? 1.25))) return x;
    this.set(text, x, this.y, { ...style, size });
    const after = x + this.width(text, { font: style.font, size });
    this.y += size * (style.leading ?? 1.25);
    return after;
  }

  /** A wrapped paragraph. */
  paragraph(text: string, x: number, width: number, style: TextStyle): void {
    const lines = wrapText(text, width, (s) => this.width(s, style));
    const height = style.size * (style.leading ?? 1.3);
    for (const line of lines) {
      if (!this.fits(height)) return;
      this.set(line, x, this.y, style);
      this.y += height;
    }
  }

  /** Text at a fixed place, outside the flow. */
  set(text: string, x: number, y: number, style: TextStyle): void {
    this.doc.font(style.font).fontSize(style.size).fillColor(style.color);
    // pdfkit's text() lays each string out three times (to measure it twice, then to set it), the
    // most expensive step of a letter. Lines are already cut and placed here: only setting is needed
    // (textWidth and wordCount spare the measuring; they only serve links and underlines).
    (this.doc as unknown as PdfkitFragment)._fragment(text, x, y, FRAGMENT_OPTIONS);
  }

  gap(points: number): void {
    this.y += points;
  }

  private fits(height: number): boolean {
    return this.y + height <= this.bottom + 0.01;
  }
}
