import { createWriteStream } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { LetterBook } from './letter-book';
import { PdfDocument } from './pdf-document';
import type { RenderAnswer, RenderRequest } from './render-protocol';

/**
 * The rendering thread: draws the letters it is sent into the PDF it was asked to open, one request
 * at a time, answering each when done (the main thread sends the next batch then: backpressure).
 */
let pdf: PdfDocument | undefined;
let book: LetterBook | undefined;

async function handle(request: RenderRequest): Promise<void> {
  switch (request.kind) {
    case 'open':
      pdf = new PdfDocument(createWriteStream(request.path, { mode: 0o600 }), { title: request.title, author: request.author, locale: request.locale });
      book = new LetterBook(pdf, { layout: request.layout, locale: request.locale, publicUrl: request.publicUrl });
      return;
    case 'cover':
      return book!.cover(request.content);
    case 'letters':
      for (const letter of request.letters) await book!.letter(letter);
      return;
    case 'close':
      return pdf!.end();
  }
}

let queue = Promise.resolve();
parentPort!.on('message', (request: RenderRequest) => {
  queue = queue.then(async () => {
    let answer: RenderAnswer;
    try {
      await handle(request);
      answer = { kind: 'done', letters: book?.letters ?? 0, pages: book?.pages ?? 0 };
    } catch (error) {
      pdf?.abort();
      answer = { kind: 'failed', message: (error as Error).message };
    }
    parentPort!.postMessage(answer);
  });
});
