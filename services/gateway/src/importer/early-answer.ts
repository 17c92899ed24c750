import type { IncomingMessage, ServerResponse } from 'node:http';

/** How long a refused upload's client may keep sending after the answer (nginx's lingering_time). */
export const LINGER_MS = 30_000;

/**
 * Prepares an answer sent before the client has sent its whole body (a refused upload). The answer
 * says `Connection: close`; once it is written, only our side closes, and what still arrives is read
 * and dropped until the client closes (curl stops sending on an early error and closes) or
 * `lingerMs` pass (RFC 9112 §9.6, "lingering close"). Node would close the socket at once instead:
 * the kernel then answers the bytes still coming with a reset, which can make a client that is
 * still sending lose the answer before it reads it.
 */
export function answerBeforeTheBody(request: IncomingMessage, response: ServerResponse, lingerMs = LINGER_MS): void {
  if (request.complete || response.headersSent) return;
  response.setHeader('connection', 'close');
  // What arrives from now on is dropped (the request may be paused, unpiped from its consumer).
  request.resume();
  const socket = request.socket;
  // Node ends a `Connection: close` exchange with socket.destroySoon(): for this socket only, a
  // lingering close instead.
  socket.destroySoon = () => {
    socket.end();
    socket.resume();
    const timer = setTimeout(() => socket.destroy(), lingerMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  };
}
