import type { LetterContent } from './letter-text.rules';
import { Pen, TextStyle } from './pen';
import { PdfForm } from './pdf-form';
import { QrShape, qrShape } from './qr.rules';
import { LetterShape, Size, Slot, letterDesign } from './sheet-layout.rules';

const INK = '#1e1e1e';
const GREY = '#555555';
const BLUE = '#000091';

/** Sizes of one design, in points of the design (a card is printed at half size 8 per sheet: 12 → 6 pt). */
interface Design {
  size: Size;
  padding: number;
  qr: number;
  gutter: number;
  school: TextStyle;
  title: TextStyle;
  name: TextStyle;
  classLine: TextStyle;
  body: TextStyle;
  label: TextStyle;
  value: TextStyle;
  date: TextStyle;
  url: TextStyle;
  small: TextStyle;
  /** Space between blocks. */
  gap: number;
}

const DESIGNS: Record<LetterShape, Design> = {
  portrait: {
    size: letterDesign('portrait'),
    padding: 56,
    qr: 112,
    gutter: 20,
    school: { font: 'bold', size: 11, color: GREY },
    title: { font: 'bold', size: 21, color: BLUE },
    name: { font: 'bold', size: 15, color: INK },
    classLine: { font: 'regular', size: 12, color: INK },
    body: { font: 'regular', size: 11.5, color: INK, leading: 1.35 },
    label: { font: 'regular', size: 11, color: GREY },
    value: { font: 'mono', size: 17, color: INK, leading: 1.45 },
    date: { font: 'bold', size: 13, color: INK, leading: 1.9 },
    url: { font: 'mono', size: 10.5, color: BLUE, leading: 1.25 },
    small: { font: 'regular', size: 10, color: GREY, leading: 1.3 },
    gap: 16,
  },
  // Printed at full size two per sheet and at half size eight per sheet: the smallest text (12) is
  // still 6 pt on an eighth, the sentences near 7 pt, the login and code 9 pt.
  landscape: {
    size: letterDesign('landscape'),
    padding: 30,
    qr: 128,
    gutter: 14,
    school: { font: 'bold', size: 13, color: GREY },
    title: { font: 'bold', size: 20, color: BLUE },
    name: { font: 'bold', size: 17, color: INK },
    classLine: { font: 'regular', size: 14, color: INK },
    body: { font: 'regular', size: 13.5, color: INK, leading: 1.25 },
    label: { font: 'regular', size: 13, color: GREY },
    value: { font: 'mono', size: 18, color: INK, leading: 1.3 },
    date: { font: 'bold', size: 14, color: INK, leading: 1.65 },
    url: { font: 'mono', size: 12, color: BLUE, leading: 1.2 },
    small: { font: 'regular', size: 12.5, color: GREY, leading: 1.2 },
    gap: 8,
  },
};

/** DejaVu's ascender, in ems: where the baseline is below the top of a line. */
const ASCENT = 0.93;
/** Smallest sizes long names, logins and lists are shrunk to (then cut with an ellipsis). */
const MIN_SIZE = 8;
/** Lines kept for the address under the QR code's left side. */
const URL_LINES = 2;

/** Where a piece of a letter's own data goes in its design: one line, at most `lines`. */
interface Place {
  x: number;
  y: number;
  width: number;
  style: TextStyle;
  lines?: number;
}

/** The parts every letter of a kind shares (a form), and the places of its own data. */
interface Template {
  form: PdfForm;
  school: Place;
  name: Place;
  classLine: Place;
  values: Place[];
  url: Place | null;
  qr: { x: number; y: number; size: number } | null;
}

/**
 * Draws letters: the text every letter of a kind shares is recorded once as a form (per shape,
 * language, variant and whether a link is printed), then each letter is that form plus its own
 * data set in fixed places (a long name or login is shrunk, then cut, never moved).
 */
export class LetterPainter {
  private readonly templates = new Map<string, Template>();
  private readonly recentQr = new Map<string, QrShape>();

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly pen: Pen,
  ) {}

  paint(slot: Slot, shape: LetterShape, content: LetterContent): void {
    const doc = this.doc;
    const template = this.template(shape, content);
    doc.save();
    doc.translate(slot.x, slot.y).scale(slot.scale);
    template.form.place(doc);
    this.put(content.school ?? '', template.school);
    this.put(content.name, template.name);
    this.put(content.classLine ?? '', template.classLine);
    content.fields.forEach((field, i) => this.put(field.value, template.values[i]));
    if (content.link && template.url && template.qr) {
      this.putWrapped(content.link.url, template.url);
      this.paintQr(content.link.url, template.qr);
    }
    doc.restore();
  }

  /** One template per document and kind of letter (a document has one shape and one language). */
  private template(shape: LetterShape, content: LetterContent): Template {
    const key = `${shape}|${content.variant}|${content.link ? 'link' : 'none'}`;
    let template = this.templates.get(key);
    if (!template) {
      template = this.record(DESIGNS[shape], content);
      this.templates.set(key, template);
    }
    return template;
  }

  /** Lays a letter out and records its shared text; returns where each letter's own data goes. */
  private record(d: Design, content: LetterContent): Template {
    const pen = this.pen;
    const left = d.padding;
    const width = d.size.width - 2 * d.padding;
    const places: Omit<Template, 'form'> = { school: null!, name: null!, classLine: null!, values: [], url: null, qr: null };
    const reserve = (style: TextStyle, w = width, x = left): Place => {
      const place = { x, y: pen.y, width: w, style };
      pen.gap(style.size * (style.leading ?? 1.25));
      return place;
    };
    const form = PdfForm.record(this.doc, d.size, () => {
      pen.at(d.padding, d.size.height - d.padding);
      places.school = reserve(d.school);
      pen.gap(d.gap / 2);
      pen.line(content.title, left, width, d.title);
      pen.gap(d.gap / 2);
      places.name = reserve(d.name);
      places.classLine = reserve(d.classLine);
      pen.gap(d.gap / 2);
      pen.paragraph(content.intro, left, width, d.body);
      pen.gap(d.gap);

      // The fields and the address on the left, the QR code on their right.
      const top = pen.y;
      const textWidth = content.link ? width - d.qr - d.gutter : width;
      for (const field of content.fields) {
        const style = field.typed ? d.value : d.date;
        // The label sits on the value's baseline.
        pen.set(field.label, left, pen.y + ASCENT * (style.size - d.label.size), d.label);
        const x = left + pen.width(`${field.label} `, d.label);
        places.values.push(reserve(style, textWidth - (x - left), x));
      }
      if (content.link) {
        pen.gap(d.gap / 2);
        pen.paragraph(content.link.label, left, textWidth, d.label);
        places.url = { ...reserve(d.url, textWidth), lines: URL_LINES };
        pen.gap(d.url.size * (d.url.leading ?? 1.25) * (URL_LINES - 1));
        places.qr = { x: left + width - d.qr, y: top - 4, size: d.qr };
        pen.y = Math.max(pen.y, top + d.qr);
      }
      pen.gap(d.gap);

      content.steps.forEach((step, i) => {
        const indent = content.numbered ? d.body.size * 1.5 : 0;
        if (content.numbered) pen.set(`${i + 1}.`, left, pen.y, { ...d.body, font: 'bold' });
        pen.paragraph(step, left + indent, width - indent, d.body);
        pen.gap(d.gap / 3);
      });
      pen.gap(d.gap / 2);
      for (const note of content.notes) pen.paragraph(note, left, width, d.small);
    });
    return { form, ...places };
  }

  /** One line of a letter's own data, shrunk to fit, then cut with an ellipsis. */
  private put(text: string, place: Place): void {
    if (!text) return;
    const { style } = place;
    let size = style.size;
    const natural = this.pen.width(text, style);
    if (natural > place.width) size = Math.max(MIN_SIZE, Math.floor(((style.size * place.width) / natural) * 10) / 10);
    let shown = text;
    if (this.pen.width(shown, { ...style, size }) > place.width) {
      while (shown.length > 1 && this.pen.width(`${shown}…`, { ...style, size }) > place.width) shown = shown.slice(0, -1);
      shown = `${shown}…`;
    }
    // Smaller type keeps the baseline of the line it replaces.
    this.pen.set(shown, place.x, place.y + ASCENT * (style.size - size), { ...style, size });
  }

  /** An address over up to `lines` lines (cut anywhere: it has no spaces), shrunk if it needs more. */
  private putWrapped(text: string, place: Place): void {
    const lines = place.lines ?? 1;
    const { style } = place;
    const perLine = (size: number) => Math.max(1, Math.floor(place.width / this.pen.width('0', { ...style, size })));
    let size = style.size;
    while (size > MIN_SIZE && Math.ceil(text.length / perLine(size)) > lines) size -= 0.5;
    const chars = perLine(size);
    const leading = size * (style.leading ?? 1.25);
    for (let i = 0; i < lines && i * chars < text.length; i++) {
      this.pen.set(text.slice(i * chars, (i + 1) * chars), place.x, place.y + i * leading, { ...style, size });
    }
  }

  /** The QR code as filled rectangles (see qrShape), with its quiet zone inside `size`. */
  private paintQr(text: string, box: { x: number; y: number; size: number }): void {
    let shape = this.recentQr.get(text);
    if (!shape) {
      // Every reminder letter points to the same page: its code is computed once.
      if (this.recentQr.size >= 16) this.recentQr.clear();
      shape = qrShape(text);
      this.recentQr.set(text, shape);
    }
    // Four modules of quiet zone on each side, as the standard asks. The path is in modules: one
    // transformation scales it, so each letter writes the same short integers.
    const unit = box.size / (shape.size + 8);
    this.doc.fillColor('#000000');
    this.doc.addContent(`q ${fixed(unit)} 0 0 ${fixed(unit)} ${fixed(box.x + 4 * unit)} ${fixed(box.y + 4 * unit)} cm\n${shape.path}\nf Q`);
  }
}

const fixed = (n: number) => (Math.round(n * 10_000) / 10_000).toString();
