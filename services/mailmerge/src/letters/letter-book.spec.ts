import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { CampaignLayout } from '@sesame/contracts';
import { flatTextIn, readPdfText, textIn } from '../../test/support/pdf-text';
import { coverContent } from './cover-text.rules';
import { LetterBook } from './letter-book';
import type { LetterRecipient } from './letter-text.rules';
import { PdfDocument } from './pdf-document';
import { slotsOf } from './sheet-layout.rules';

const PUBLIC_URL = 'https://sesame.ac-test.fr';

function student(i: number, r: Partial<LetterRecipient> = {}): LetterRecipient {
  return {
    username: `zoé.abadie${i}`,
    firstName: 'Zoé',
    lastName: `Abadie-Œuvray ${i}`,
    displayName: `Zoé Abadie ${i}`,
    schoolName: 'Collège François-Mauriac',
    schoolUai: '0750001U',
    classes: ['6B'],
    activated: false,
    activationCode: `c0de${String(i).padStart(4, '0')}`,
    activationCodeExpiresAt: new Date('2026-03-31T10:00:00Z'),
    email: null,
    ...r,
  };
}

async function render(file: string, letters: LetterRecipient[], layout: CampaignLayout, locale: 'fr' | 'en' = 'fr') {
  const pdf = new PdfDocument(createWriteStream(file), { title: 't', author: 'a', locale });
  const book = new LetterBook(pdf, { layout, locale, publicUrl: PUBLIC_URL });
  await book.cover(coverContent({ schoolName: 'Collège François-Mauriac', schoolUai: '0750001U', className: '6B', letters: letters.length, sheets: Math.ceil(letters.length / layout) }, { locale, layout, launchedAt: new Date(), launchedBy: 'direction' }));
  for (const letter of letters) await book.letter(letter);
  await pdf.end();
  return book;
}

describe('LetterBook', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sesame-letters-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each([1, 2, 8] as const)('puts each letter’s login and code in its own slot, %i per sheet, after the cover', async (layout) => {
    const letters = Array.from({ length: 11 }, (_, i) => student(i));
    const file = join(dir, `layout-${layout}.pdf`);
    const book = await render(file, letters, layout);
    const pages = await readPdfText(file);
    expect(pages).toHaveLength(1 + Math.ceil(11 / layout));
    expect(book.pages).toBe(pages.length);
    expect(textIn(pages[0], { x: 0, y: 0, width: 600, height: 850 })).toContain('Courriers de la classe 6B');
    letters.forEach((letter, i) => {
      const page = pages[1 + Math.floor(i / layout)];
      const text = textIn(page, slotsOf(layout)[i % layout]);
      expect(text).toContain(letter.username);
      expect(text).toContain(letter.activationCode!);
      expect(text).toContain(`Abadie-Œuvray ${i}`);
      expect(text).toContain('Collège François-Mauriac (0750001U)');
      expect(text).toContain('31 mars 2026');
      // Nobody else's code on this letter.
      letters.filter((_, j) => j !== i).forEach((other) => expect(text).not.toContain(other.activationCode!));
    });
  });

  it('prints every French character and the reminder for an activated account', async () => {
    const file = join(dir, 'reminder.pdf');
    await render(file, [student(1, { activated: true, activationCode: null, activationCodeExpiresAt: null }), student(2, { activated: true, activationCode: null, email: 'z@x.fr' })], 1);
    const [, noEmail, withEmail] = (await readPdfText(file)).map((page) => flatTextIn(page, { x: 0, y: 0, width: page.width, height: page.height }));
    expect(noEmail).toContain('Identifiant : zoé.abadie1');
    expect(noEmail).toContain('Votre compte Sesame est déjà activé');
    expect(noEmail).toContain('adressez-vous à l’administrateur de votre établissement');
    expect(noEmail).toContain('« Mon compte »');
    expect(noEmail).not.toContain('Code d’activation');
    expect(withEmail).toContain('https://sesame.ac-test.fr/password/forgot');
    expect(withEmail).toContain('Œuvray');
  });

  it('writes in English when asked', async () => {
    const file = join(dir, 'english.pdf');
    await render(file, [student(1)], 2, 'en');
    const [cover, sheet] = await readPdfText(file);
    expect(textIn(cover, { x: 0, y: 0, width: 600, height: 850 })).toContain('Letters for class 6B');
    expect(textIn(sheet, slotsOf(2)[0])).toContain('Activation code:');
  });

  it('keeps a long login and name inside the letter, without adding a page', async () => {
    const file = join(dir, 'long.pdf');
    const long = student(3, { username: `un.identifiant.tres.long.${'x'.repeat(40)}`, lastName: 'De La Fontaine-Saint-Exupéry '.repeat(4) });
    await render(file, [long, student(4)], 8);
    const pages = await readPdfText(file);
    expect(pages).toHaveLength(2);
    const slot = slotsOf(8)[0];
    const inSlot = pages[1].items.filter((i) => i.x < slot.width && i.y < slot.height);
    expect(inSlot.map((i) => i.str).join(' ')).toContain('un.identifiant.tres.long');
  });

  it('bounds pdfkit’s font layout cache, which otherwise keeps every name and code', async () => {
    const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });
    const letters = Array.from({ length: 600 }, (_, i) => student(i));
    const bounded = new PdfDocument(sink(), { title: 't', author: 'a', locale: 'fr' }, 100);
    const unbounded = new PdfDocument(sink(), { title: 't', author: 'a', locale: 'fr' }, Number.POSITIVE_INFINITY);
    for (const pdf of [bounded, unbounded]) {
      const book = new LetterBook(pdf, { layout: 8, locale: 'fr', publicUrl: PUBLIC_URL });
      for (const letter of letters) await book.letter(letter);
    }
    // Each letter brings a few new words (name, login, code): 600 letters, over 1,500 words kept.
    expect(unbounded.fontCacheSize()).toBeGreaterThan(1500);
    expect(bounded.fontCacheSize()).toBeLessThan(400);
    await Promise.all([bounded.end(), unbounded.end()]);
  });
});
