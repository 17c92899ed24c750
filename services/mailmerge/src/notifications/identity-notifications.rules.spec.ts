import { EventEnvelope, IdentityEvents } from '@sesame/contracts';
import { PoisonMessage } from '@sesame/messaging';
import { IDENTITY_EVENT_BINDINGS, composeNotification, isExpired, readIdentityNotification } from './identity-notifications.rules';

const user = {
  userId: '7d1c6c1e-0c4a-4d0e-9a43-0c3c6f9c2b11',
  username: 'j.dupont',
  role: 'member',
  profile: 'student',
  schoolIds: [],
  actorId: null,
  email: 'jeanne@example.org',
  displayName: 'Jeanne Dupont',
  locale: 'fr',
};

const envelope = (type: string, data: unknown, version = 1): EventEnvelope => ({
  id: '3f0e2a52-1b7d-4c36-9a57-5f0b7d0d6a01',
  type,
  version,
  occurredAt: '2025-12-01T17:05:00.000Z',
  data,
});

const reset = (data: Record<string, unknown> = {}) =>
  envelope(IdentityEvents.userPasswordResetRequested.type, { ...user, token: 'A'.repeat(43), expiresAt: '2025-12-01T17:35:00.000Z', ...data });
const changed = (data: Record<string, unknown> = {}) => envelope(IdentityEvents.userPasswordChanged.type, { ...user, ...data });
const options = { publicUrl: 'https://sesame.ac-paris.fr', messageDomain: 'ac-paris.fr' };

describe('readIdentityNotification', () => {
  it('reads the two events mailmerge writes about', () => {
    expect(readIdentityNotification(reset())).toMatchObject({ kind: 'password-reset', data: { token: 'A'.repeat(43) } });
    expect(readIdentityNotification(changed())).toMatchObject({ kind: 'password-changed', occurredAt: new Date('2025-12-01T17:05:00Z') });
  });

  it('turns data that breaks the contract into a poison message naming the field, never the token', () => {
    const read = () => readIdentityNotification(reset({ token: 'short-secret', locale: 'de' }));
    expect(read).toThrow(PoisonMessage);
    expect(read).toThrow(/invalid data: locale .*; token /);
    expect(read).not.toThrow(/short-secret/);
  });

  it('refuses other event types and versions as poison', () => {
    expect(() => readIdentityNotification(envelope(IdentityEvents.userCreated.type, user))).toThrow(PoisonMessage);
    expect(() => readIdentityNotification(envelope('__proto__', user))).toThrow(PoisonMessage);
    expect(() => readIdentityNotification(envelope(IdentityEvents.userPasswordChanged.type, user, 2))).toThrow(/version 2/);
  });

  it('binds the queue to exactly the events it reads', () => {
    expect(IDENTITY_EVENT_BINDINGS.map((b) => b.routingKey).sort()).toEqual(
      [IdentityEvents.userPasswordChanged.type, IdentityEvents.userPasswordResetRequested.type].sort(),
    );
    expect(new Set(IDENTITY_EVENT_BINDINGS.map((b) => b.exchange))).toEqual(new Set(['sesame.events']));
  });
});

describe('composeNotification', () => {
  it('addresses the reset email to the user by name, with the link and a Message-ID from the event id', () => {
    const message = composeNotification(readIdentityNotification(reset()), options)!;
    expect(message.to).toEqual({ name: 'Jeanne Dupont', address: 'jeanne@example.org' });
    expect(message.text).toContain(`https://sesame.ac-paris.fr/password/reset?token=${'A'.repeat(43)}`);
    expect(message.headers).toEqual({
      'Message-ID': '<3f0e2a52-1b7d-4c36-9a57-5f0b7d0d6a01@ac-paris.fr>',
      'X-Sesame-Event-Id': '3f0e2a52-1b7d-4c36-9a57-5f0b7d0d6a01',
      'X-Sesame-Event-Type': 'identity.user.password-reset-requested',
      'Auto-Submitted': 'auto-generated',
      'Content-Language': 'fr',
    });
  });

  it('dates the password change notice from the event and writes in the user language', () => {
    const message = composeNotification(readIdentityNotification(changed({ locale: 'en' })), options)!;
    expect(message.subject).toBe('Your Sesame password has been changed');
    expect(message.text).toContain('Monday 1 December 2025 at 18:05 (Paris time)');
  });

  it('gives nothing to send when no email is on file', () => {
    expect(composeNotification(readIdentityNotification(changed({ email: null })), options)).toBeNull();
  });
});

describe('isExpired', () => {
  it('tells a reset link past its expiry, and never a password change notice', () => {
    const notification = readIdentityNotification(reset());
    expect(isExpired(notification, new Date('2025-12-01T17:34:59Z'))).toBe(false);
    expect(isExpired(notification, new Date('2025-12-01T17:35:00Z'))).toBe(true);
    expect(isExpired(readIdentityNotification(changed()), new Date('2999-01-01T00:00:00Z'))).toBe(false);
  });
});
