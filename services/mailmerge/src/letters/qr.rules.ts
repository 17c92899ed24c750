import QRCode from 'qrcode';

/** The mask pattern every code uses (see qrShape). */
export const QR_MASK = 2;

/** A rectangle of dark modules, in modules: column `x`, row `y`. */
export interface QrRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface QrShape {
  /** Modules per side (without the quiet zone). */
  size: number;
  rects: QrRect[];
  /** The rectangles as PDF path operators, in modules (scaled when drawn). */
  path: string;
}

/**
 * A QR code as rectangles of dark modules, to be drawn as vector paths: crisp at any size, a few
 * hundred bytes per letter, and no image to encode or embed. Neighbouring dark modules of a row make
 * one run, and a run continued by the same run on the next rows grows downwards (the finder
 * patterns become a handful of rectangles). Level M survives a crease or a stain.
 */
export function qrShape(text: string): QrShape {
  // One byte-mode segment: addresses are ASCII, and qrcode's search for the best mix of modes costs
  // more than the few modules it could save. A fixed mask: every mask gives a valid symbol, and
  // qrcode's trial of all eight (to pick the one with the fewest look-alike patterns) took 0.5 ms per
  // letter, half the time a letter may take (phone cameras read any mask).
  const { size, data } = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M', maskPattern: QR_MASK }).modules;
  const rects: QrRect[] = [];
  // Rectangles still growing, by x * 256 + width of their run on the row above (size ≤ 177).
  let open = new Map<number, QrRect>();
  for (let y = 0; y < size; y++) {
    const next = new Map<number, QrRect>();
    let x = 0;
    while (x < size) {
      if (!data[y * size + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && data[y * size + x]) x++;
      const key = start * 256 + (x - start);
      const above = open.get(key);
      if (above) {
        above.height++;
        next.set(key, above);
      } else {
        const rect = { x: start, y, width: x - start, height: 1 };
        rects.push(rect);
        next.set(key, rect);
      }
    }
    open = next;
  }
  return { size, rects, path: rects.map((r) => `${r.x} ${r.y} ${r.width} ${r.height} re`).join('\n') };
}
