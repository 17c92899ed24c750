import { SealKeyring, SealRefused } from '@sesame/auth';
import { EXCHANGES, EventData, EventEnvelope, IdentityEvents, resetTokenSealContext } from '@sesame/contracts';
import { PoisonMessage } from '@sesame/messaging';
import type { MailMessage } from '../mail/mailer.service';
import { renderLifecycleNoticeMail } from '../mail/templates/lifecycle-notice.template';
import { renderPasswordChangedMail } from '../mail/templates/password-changed.template';
import { renderPasswordResetMail } from '../mail/templates/password-reset.template';

type ResetRequested = EventData<typeof IdentityEvents.userPasswordResetRequested>;
type PasswordChanged = EventData<typeof IdentityEvents.userPasswordChanged>;
type LifecycleNotice = EventData<typeof IdentityEvents.lifecycleNoticeDue>;

export type IdentityNotification =
  | { kind: 'password-reset'; eventId: string; type: string; data: ResetRequested; token: string }
  | { kind: 'password-changed'; eventId: string; type: string; occurredAt: Date; data: PasswordChanged }
  | { kind: 'lifecycle-notice'; eventId: string; type: string; data: LifecycleNotice };

/** The events mailmerge writes to users about; the queue is bound to exactly these types. */
const NOTIFIED = {
  [IdentityEvents.userPasswordResetRequested.type]: { kind: 'password-reset', definition: IdentityEvents.userPasswordResetRequested },
  [IdentityEvents.userPasswordChanged.type]: { kind: 'password-changed', definition: IdentityEvents.userPasswordChanged },
  [IdentityEvents.lifecycleNoticeDue.type]: { kind: 'lifecycle-notice', definition: IdentityEvents.lifecycleNoticeDue },
} as const;

/** Bindings of QUEUES.mailmergeIdentityEvents, from the same list the messages are read with. */
export const IDENTITY_EVENT_BINDINGS = Object.keys(NOTIFIED).map((routingKey) => ({ exchange: EXCHANGES.events, routingKey }));

/**
 * Reads the data of an envelope with its event's own schema, and opens the reset token sealed for
 * mailmerge. What can never be handled (another type or version, data that breaks the contract, a
 * box that does not open for this very event) is a PoisonMessage: it goes to the dead-letter queue
 * with the reason. The reason names fields and keys, never values.
 */
export async function readIdentityNotification(envelope: EventEnvelope, seals: SealKeyring): Promise<IdentityNotification> {
  const entry = Object.hasOwn(NOTIFIED, envelope.type) ? NOTIFIED[envelope.type as keyof typeof NOTIFIED] : undefined;
  if (!entry) throw new PoisonMessage(`unexpected event type ${JSON.stringify(envelope.type)}`);
  if (envelope.version !== entry.definition.version) {
    throw new PoisonMessage(`${envelope.type}: version ${envelope.version} is not handled (expected ${entry.definition.version})`);
  }
  const parsed = entry.definition.data.safeParse(envelope.data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ');
    throw new PoisonMessage(`${envelope.type}: invalid data: ${issues}`);
  }
  if (entry.kind === 'password-reset') {
    const data = parsed.data as ResetRequested;
    return { kind: 'password-reset', eventId: envelope.id, type: envelope.type, data, token: await openToken(envelope.type, data, seals) };
  }
  if (entry.kind === 'lifecycle-notice') return { kind: 'lifecycle-notice', eventId: envelope.id, type: envelope.type, data: parsed.data as LifecycleNotice };
  return {
    kind: 'password-changed',
    eventId: envelope.id,
    type: envelope.type,
    occurredAt: new Date(envelope.occurredAt),
    data: parsed.data as PasswordChanged,
  };
}

/** A box altered, sealed under an unknown key, or moved from another event (account, address) is refused. */
async function openToken(type: string, data: ResetRequested, seals: SealKeyring): Promise<string> {
  try {
    return await seals.open(data.sealedToken, resetTokenSealContext(data));
  } catch (error) {
    if (error instanceof SealRefused) throw new PoisonMessage(`${type}: ${error.message}`);
    throw error;
  }
}

/** A reset link past its expiry, a notice of a step already taken: useless (and confusing), not sent. */
export function isExpired(notification: IdentityNotification, now: Date): boolean {
  if (notification.kind === 'password-reset') return new Date(notification.data.expiresAt).getTime() <= now.getTime();
  if (notification.kind === 'lifecycle-notice') return new Date(notification.data.on).getTime() <= now.getTime();
  return false;
}

/**
 * The email for a notification, or null when the user has no email on file. Its Message-ID comes
 * from the event id: a message sent again after a crash carries the same one.
 */
export function composeNotification(notification: IdentityNotification, options: { publicUrl: string; messageDomain: string }): MailMessage | null {
  const { data } = notification;
  if (data.email === null) return null;
  const rendered =
    notification.kind === 'lifecycle-notice'
      ? renderLifecycleNoticeMail({ locale: data.locale, displayName: data.displayName, username: data.username, kind: notification.data.kind, on: new Date(notification.data.on) })
      : notification.kind === 'password-reset'
      ? renderPasswordResetMail({
          locale: data.locale,
          displayName: data.displayName,
          username: data.username,
          publicUrl: options.publicUrl,
          token: notification.token,
          expiresAt: new Date(notification.data.expiresAt),
        })
      : renderPasswordChangedMail({ locale: data.locale, displayName: data.displayName, username: data.username, changedAt: notification.occurredAt });
  return {
    to: { name: data.displayName, address: data.email },
    ...rendered,
    headers: {
      'Message-ID': `<${notification.eventId}@${options.messageDomain}>`,
      'X-Sesame-Event-Id': notification.eventId,
      'X-Sesame-Event-Type': notification.type,
      // RFC 3834: out-of-office robots must not answer.
      'Auto-Submitted': 'auto-generated',
      'Content-Language': data.locale,
    },
  };
}
