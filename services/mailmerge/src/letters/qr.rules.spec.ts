import QRCode from 'qrcode';
import { QR_MASK, qrShape } from './qr.rules';

describe('qrShape', () => {
  const url = 'https://sesame.ac-test.fr/activate?login=l%C3%A9a.martin';

  it('covers exactly the dark modules of the QR code, with no rectangle overlapping another', () => {
    const { size, data } = QRCode.create([{ data: Buffer.from(url, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M', maskPattern: QR_MASK }).modules;
    const shape = qrShape(url);
    expect(shape.size).toBe(size);
    const painted = new Uint8Array(size * size);
    for (const r of shape.rects) {
      for (let y = r.y; y < r.y + r.height; y++) {
        for (let x = r.x; x < r.x + r.width; x++) {
          expect(painted[y * size + x]).toBe(0);
          painted[y * size + x] = 1;
        }
      }
    }
    expect([...painted]).toEqual([...data].map((bit) => (bit ? 1 : 0)));
  });

  it('draws the top-left finder pattern’s outer ring with a few rectangles', () => {
    const rects = qrShape(url).rects;
    expect(rects).toContainEqual({ x: 0, y: 0, width: 7, height: 1 });
    expect(rects).toContainEqual({ x: 0, y: 1, width: 1, height: 5 });
    expect(rects).toContainEqual({ x: 2, y: 2, width: 3, height: 3 });
  });

  it('writes the rectangles as one PDF path, in modules', () => {
    const shape = qrShape(url);
    expect(shape.path.split('\n')).toHaveLength(shape.rects.length);
    expect(shape.path.split('\n')[0]).toBe('0 0 7 1 re');
  });

  it('needs far fewer rectangles than dark modules', () => {
    const shape = qrShape(url);
    const dark = shape.rects.reduce((n, r) => n + r.width * r.height, 0);
    expect(shape.rects.length).toBeLessThan(dark / 2);
  });
});
