import type { CampaignLayout, Locale } from '@sesame/contracts';
import { CoverContent } from './cover-text.rules';
import { LetterPainter } from './letter-painter';
import { LetterRecipient, letterContent } from './letter-text.rules';
import { PdfDocument } from './pdf-document';
import { Pen } from './pen';
import { A4, cutMarks, letterShape, slotsOf } from './sheet-layout.rules';

/**
 * Lays letters out on A4 sheets, `layout` per sheet, each class opened by a cover sheet and starting
 * on a sheet of its own. Each letter waits for the output to keep up (PdfDocument.breathe).
 */
export class LetterBook {
  pages = 0;
  letters = 0;
  private slot = 0;
  private readonly pen: Pen;
  private readonly painter: LetterPainter;
  private readonly slots;
  private readonly marks;

  constructor(
    private readonly pdf: PdfDocument,
    private readonly options: { layout: CampaignLayout; locale: Locale; publicUrl: string },
  ) {
    this.pen = new Pen(pdf.doc);
    this.painter = new LetterPainter(pdf.doc, this.pen);
    this.slots = slotsOf(options.layout);
    this.marks = cutMarks(options.layout);
  }

  /** A cover sheet; the next letter starts a new sheet. */
  async cover(content: CoverContent): Promise<void> {
    this.newPage();
    paintCover(this.pdf.doc, this.pen, content);
    this.slot = 0;
    await this.pdf.breathe();
  }

  async letter(recipient: LetterRecipient): Promise<void> {
    if (this.slot === 0) {
      this.newPage();
      paintCutMarks(this.pdf.doc, this.marks);
    }
    const shape = letterShape(this.options.layout);
    const content = letterContent(recipient, { locale: this.options.locale, publicUrl: this.options.publicUrl, medium: shape === 'portrait' ? 'page' : 'card' });
    this.painter.paint(this.slots[this.slot], shape, content);
    this.slot = (this.slot + 1) % this.options.layout;
    this.letters++;
    await this.pdf.breathe();
  }

  private newPage(): void {
    this.pdf.addPage();
    this.pages++;
  }
}

function paintCutMarks(doc: PDFKit.PDFDocument, marks: ReturnType<typeof cutMarks>): void {
  if (marks.length === 0) return;
  doc.save().lineWidth(0.5).strokeColor('#000000');
  for (const m of marks) doc.moveTo(m.x1, m.y1).lineTo(m.x2, m.y2);
  doc.stroke().restore();
}

function paintCover(doc: PDFKit.PDFDocument, pen: Pen, content: CoverContent): void {
  const left = 72;
  const width = A4.width - 2 * left;
  pen.at(200, A4.height - 72);
  if (content.school) pen.line(content.school, left, width, { font: 'bold', size: 14, color: '#555555' }, 9);
  pen.gap(10);
  pen.paragraph(content.title, left, width, { font: 'bold', size: 26, color: '#000091', leading: 1.2 });
  pen.gap(24);
  for (const line of content.lines) {
    pen.paragraph(line, left, width, { font: 'regular', size: 13, color: '#1e1e1e', leading: 1.4 });
    pen.gap(8);
  }
  doc.save().lineWidth(2).strokeColor('#000091').moveTo(left, 180).lineTo(left + 120, 180).stroke().restore();
}
