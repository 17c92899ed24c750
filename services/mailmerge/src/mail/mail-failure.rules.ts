import { MailDeliveryFailed } from './mail.errors';

/** What nodemailer (and Node's sockets and file system) attach to the errors they throw. */
interface SendError {
  message?: string;
  code?: string;
  /** The system code nodemailer replaced with its own (ESOCKET wraps ECONNREFUSED). */
  originalCode?: string;
  responseCode?: number;
  response?: string;
}

/** The connection or the machine failed, not the message: the same message may go through later. */
const TRANSIENT_CODES = new Set([
  // nodemailer: connection closed, socket error, timeout, DNS, proxy
  'ECONNECTION',
  'ESOCKET',
  'ETIMEDOUT',
  'EDNS',
  'EPROXY',
  // Node.js
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  // the outbox folder: a full or busy disk may recover
  'ENOSPC',
  'EBUSY',
  'EMFILE',
]);

/** Refusals that no later attempt would change (a message nodemailer cannot build, missing credentials). */
const PERMANENT_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'ENOAUTH', 'ECONFIG', 'EMAXRECIPIENTS', 'EFILEACCESS', 'EURLACCESS']);

/**
 * Sorts a failed send into "try again later" or "refused for good". An SMTP reply decides when there
 * is one (4xx transient, 5xx permanent); otherwise the error code. What is not recognised counts as
 * transient: the message goes back to its queue, whose delivery limit then parks it in the
 * dead-letter queue, where it can be looked at, rather than being dropped.
 */
export function classifyMailFailure(error: unknown): MailDeliveryFailed {
  if (error instanceof MailDeliveryFailed) return error;
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SendError;
  const details = {
    code: e.originalCode ?? e.code,
    responseCode: typeof e.responseCode === 'number' ? e.responseCode : undefined,
    response: e.response,
  };
  const message = e.message ?? 'mail not sent';
  if (details.responseCode !== undefined) {
    // 503 "bad sequence of commands" is about the session, not the message (nodemailer agrees).
    const permanent = details.responseCode >= 500 && details.responseCode < 600 && details.responseCode !== 503;
    return new MailDeliveryFailed(message, !permanent, details, error);
  }
  const codes = [e.originalCode, e.code].filter((c): c is string => typeof c === 'string');
  if (codes.some((c) => TRANSIENT_CODES.has(c))) return new MailDeliveryFailed(message, true, details, error);
  if (codes.some((c) => PERMANENT_CODES.has(c))) return new MailDeliveryFailed(message, false, details, error);
  return new MailDeliveryFailed(message, true, details, error);
}
