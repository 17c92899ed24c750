import { SealKeyring, generateSealKey, parseSealKey } from '@sesame/auth';
import { EventEnvelope, IdentityEvents, resetTokenSealContext } from '@sesame/contracts';
import { PoisonMessage } from '@sesame/messaging';
import { IDENTITY_EVENT_BINDINGS, composeNotification, isExpired, readIdentityNotification } from './identity-notifications.rules';

const seals = new SealKeyring(parseSealKey(generateSealKey('2025-12'))!);

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

const expiresAt = '2025-12-01T17:35:00.000Z';
const reset = async (data: Record<string, unknown> = {}, sealedFor: Record<string, unknown> = {}) =>
  envelope(
    IdentityEvents.userPasswordResetRequested.type,
    {
      ...user,
      sealedToken: await seals.seal('A'.repeat(43), resetTokenSealContext({ ...user, expiresAt, ...sealedFor })),
      expiresAt,
      ...data,
    },
    2,
  );
const changed = (data: Record<string, unknown> = {}) => envelope(IdentityEvents.userPasswordChanged.type, { ...user, ...data });
const notice = (data: Record<string, unknown> = {}) =>
  envelope(IdentityEvents.lifecycleNoticeDue.type, { ...user, kind: 'deactivation', on: '2025-12-10T23:00:00.000Z', ...data });
const read = (e: EventEnvelope) => readIdentityNotification(e, seals);
const options = { publicUrl: 'https://sesame.ac-paris.fr', messageDomain: 'ac-paris.fr' };

describe('readIdentityNotification', () => {
  it('reads the two events mailmerge writes about, opening the sealed reset token', async () => {
    expect(await read(await reset())).toMatchObject({ kind: 'password-reset', token: 'A'.repeat(43) });
    expect(await read(changed())).toMatchObject({ kind: 'password-changed', occurredAt: new Date('2025-12-01T17:05:00Z') });
  });

  it('turns data that breaks the contract into a poison message naming the field, never the value', async () => {
    const error: unknown = await read(await reset({ sealedToken: { token: 'short-secret' }, locale: 'de' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoisonMessage);
    expect((error as Error).message).toMatch(/invalid data: locale .*; sealedToken /);
    expect((error as Error).message).not.toContain('short-secret');
  });

  it('refuses a token in clear (version 1), a box moved to another account or address, and an altered box', async () => {
    const v1 = envelope(IdentityEvents.userPasswordResetRequested.type, { ...user, token: 'A'.repeat(43), expiresAt });
    await expect(read(v1)).rejects.toThrow(/version 1 is not handled/);
    await expect(read(await reset({}, { userId: '00000000-0000-4000-8000-000000000000' }))).rejects.toThrow(/sealed secret refused: not authentic/);
    await expect(read(await reset({ email: 'intrus@example.org' }))).rejects.toThrow(/sealed secret refused: not authentic/);
    const genuine = (await reset()).data as { sealedToken: { tag: string } };
    const altered = await reset({ sealedToken: { ...genuine.sealedToken, tag: 'A'.repeat(22) } });
    await expect(read(altered)).rejects.toThrow(PoisonMessage);
    await expect(readIdentityNotification(await reset(), new SealKeyring(parseSealKey(generateSealKey('2026-01'))!))).rejects.toThrow(
      /sealed secret refused: unknown key/,
    );
  });

  it('refuses other event types and versions as poison', async () => {
    await expect(read(envelope(IdentityEvents.userCreated.type, user))).rejects.toThrow(PoisonMessage);
    await expect(read(envelope('__proto__', user))).rejects.toThrow(PoisonMessage);
    await expect(read(envelope(IdentityEvents.userPasswordChanged.type, user, 2))).rejects.toThrow(/version 2/);
  });

  it('binds the queue to exactly the events it reads', () => {
    expect(IDENTITY_EVENT_BINDINGS.map((b) => b.routingKey).sort()).toEqual(
      [IdentityEvents.userPasswordChanged.type, IdentityEvents.userPasswordResetRequested.type, IdentityEvents.lifecycleNoticeDue.type].sort(),
    );
    expect(new Set(IDENTITY_EVENT_BINDINGS.map((b) => b.exchange))).toEqual(new Set(['sesame.events']));
  });
});

describe('composeNotification', () => {
  it('addresses the reset email to the user by name, with the link and a Message-ID from the event id', async () => {
    const message = composeNotification(await read(await reset()), options)!;
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

  it('dates the password change notice from the event and writes in the user language', async () => {
    const message = composeNotification(await read(changed({ locale: 'en' })), options)!;
    expect(message.subject).toBe('Your Sesame password has been changed');
    expect(message.text).toContain('Monday 1 December 2025 at 18:05 (Paris time)');
  });

  it('writes a leaver’s notice in the account’s language, with the day announced', async () => {
    const message = composeNotification(await read(notice({ locale: 'en', kind: 'deletion' })), options)!;
    expect(message.subject).toBe('The data of your Sesame account will be deleted on 11 December 2025');
    expect(message.headers?.['X-Sesame-Event-Type']).toBe('identity.user.lifecycle-notice');
    expect(message.headers?.['Content-Language']).toBe('en');
  });

  it('gives nothing to send when no email is on file', async () => {
    expect(composeNotification(await read(changed({ email: null })), options)).toBeNull();
  });
});

describe('isExpired', () => {
  it('tells a reset link past its expiry, and never a password change notice', async () => {
    const notification = await read(await reset());
    expect(isExpired(notification, new Date('2025-12-01T17:34:59Z'))).toBe(false);
    expect(isExpired(notification, new Date('2025-12-01T17:35:00Z'))).toBe(true);
    expect(isExpired(await read(changed()), new Date('2999-01-01T00:00:00Z'))).toBe(false);
  });

  it('tells a notice whose day has come: the step is taken, the notice would mislead', async () => {
    const notification = await read(notice());
    expect(isExpired(notification, new Date('2025-12-10T22:59:59Z'))).toBe(false);
    expect(isExpired(notification, new Date('2025-12-10T23:00:00Z'))).toBe(true);
  });
});
