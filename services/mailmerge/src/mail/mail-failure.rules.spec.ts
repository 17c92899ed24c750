import { classifyMailFailure } from './mail-failure.rules';
import { MailDeliveryFailed } from './mail.errors';

/** Errors shaped as nodemailer and Node.js throw them. */
const smtpReply = (response: string, code = 'EENVELOPE') =>
  Object.assign(new Error(`Can't send mail - all recipients were rejected: ${response}`), { code, response, responseCode: Number(response.slice(0, 3)) });
const system = (code: string, originalCode?: string) => Object.assign(new Error(`connect ${originalCode ?? code} 127.0.0.1:25`), { code, originalCode });

describe('classifyMailFailure', () => {
  it.each(['421 4.3.2 Service shutting down', '450 4.2.1 Mailbox busy', '451 4.7.1 Greylisted', '452 4.3.1 Insufficient storage'])(
    'counts the SMTP reply %s as transient',
    (response) => {
      const failure = classifyMailFailure(smtpReply(response));
      expect(failure).toBeInstanceOf(MailDeliveryFailed);
      expect(failure.transient).toBe(true);
    },
  );

  it.each(['550 5.1.1 Mailbox unknown', '552 5.3.4 Message too big', '554 5.7.1 Rejected as spam', '535 5.7.8 Authentication failed'])(
    'counts the SMTP reply %s as permanent and keeps the answer',
    (response) => {
      const failure = classifyMailFailure(smtpReply(response, response.startsWith('535') ? 'EAUTH' : 'EMESSAGE'));
      expect(failure.transient).toBe(false);
      expect(failure.response).toBe(response);
      expect(failure.details.responseCode).toBe(Number(response.slice(0, 3)));
    },
  );

  it('lets 503 (bad sequence of commands) be tried again on a new connection', () => {
    expect(classifyMailFailure(smtpReply('503 5.5.1 Bad sequence of commands')).transient).toBe(true);
  });

  it.each([
    ['a refused connection', system('ESOCKET', 'ECONNREFUSED')],
    ['a reset connection', system('ESOCKET', 'ECONNRESET')],
    ['a timeout', system('ETIMEDOUT')],
    ['a socket the server closed', system('ECONNECTION')],
    ['a bare ECONNREFUSED', system('ECONNREFUSED')],
    ['a DNS failure', system('EDNS', 'EAI_AGAIN')],
    ['a full disk under the outbox folder', system('ENOSPC')],
    ['an error nobody recognises', new Error('something odd')],
  ])('counts %s as transient', (_, error) => {
    expect(classifyMailFailure(error).transient).toBe(true);
  });

  it('reports the system code behind a nodemailer code', () => {
    expect(classifyMailFailure(system('ESOCKET', 'ECONNREFUSED')).details.code).toBe('ECONNREFUSED');
  });

  it.each([
    ['a message nodemailer cannot build', system('EMESSAGE')],
    ['an envelope without a valid recipient', system('EENVELOPE')],
    ['missing credentials', system('ENOAUTH')],
  ])('counts %s as permanent', (_, error) => {
    expect(classifyMailFailure(error).transient).toBe(false);
  });

  it('leaves an already classified failure as it is', () => {
    const failure = new MailDeliveryFailed('x', false);
    expect(classifyMailFailure(failure)).toBe(failure);
  });

  it('copes with something thrown that is not an Error', () => {
    expect(classifyMailFailure('boom')).toMatchObject({ transient: true, message: 'boom' });
  });
});
