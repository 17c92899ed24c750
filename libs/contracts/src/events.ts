import { z } from 'zod';
import { ProfileSchema, RoleSchema } from './identity/accounts.schema';

/**
 * Every domain event travels in this envelope on EXCHANGES.events, with the event type as routing
 * key and the envelope id as AMQP message id. Consumers deduplicate by `id`.
 */
export const EventEnvelopeSchema = z.object({
  id: z.uuid(),
  type: z.string(),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  data: z.unknown(),
});
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;

export interface EventDefinition<D extends z.ZodType> {
  readonly type: string;
  readonly version: number;
  readonly data: D;
  /** Carries a secret (a reset token): meant for one consumer, left out of the public documentation. */
  readonly sensitive: boolean;
}

export function defineEvent<D extends z.ZodType>(type: string, data: D, options: { version?: number; sensitive?: boolean } = {}): EventDefinition<D> {
  return { type, version: options.version ?? 1, data, sensitive: options.sensitive ?? false };
}

export type EventData<E> = E extends EventDefinition<infer D> ? z.output<D> : never;

const userRef = z.object({
  userId: z.uuid(),
  username: z.string(),
  role: RoleSchema,
  profile: ProfileSchema.nullable(),
  schoolIds: z.array(z.uuid()),
  /** Who made the change; null for the system (bootstrap, scheduled job, enrolment event). */
  actorId: z.uuid().nullable(),
});

export const LocaleSchema = z.enum(['fr', 'en']);
export type Locale = z.infer<typeof LocaleSchema>;

/** Who to write to, and how: enough for mailmerge to write a personal message. */
const mailbox = {
  /** Null when no email is on file (nothing is sent then). */
  email: z.string().nullable(),
  displayName: z.string(),
  locale: LocaleSchema,
};

// WARNING: event types are routing keys that other systems bind to; never rename one.
export const IdentityEvents = {
  userCreated: defineEvent('identity.user.created', userRef),
  userUpdated: defineEvent('identity.user.updated', userRef.extend({ fields: z.array(z.string()) })),
  userActivated: defineEvent('identity.user.activated', userRef),
  userDeactivated: defineEvent('identity.user.deactivated', userRef),
  userReactivated: defineEvent('identity.user.reactivated', userRef),
  userPasswordChanged: defineEvent('identity.user.password-changed', userRef.extend(mailbox)),
  /** Sent to the user's email by mailmerge: a single-use link valid until `expiresAt`. */
  userPasswordResetRequested: defineEvent(
    'identity.user.password-reset-requested',
    userRef.extend({ ...mailbox, email: z.string(), token: z.string().min(22), expiresAt: z.iso.datetime({ offset: true }) }),
    { sensitive: true },
  ),
  userPreDeleted: defineEvent('identity.user.pre-deleted', userRef.extend({ deleteAfter: z.iso.datetime({ offset: true }) })),
  userRestored: defineEvent('identity.user.restored', userRef),
  userDeleted: defineEvent('identity.user.deleted', userRef),
} as const;

export type IdentityEventName = keyof typeof IdentityEvents;

// WARNING: event types are routing keys that other systems bind to; never rename one.
export const ImporterEvents = {
  /** A confirmed CSV import created its accounts (each also has its identity.user.created). */
  importCompleted: defineEvent(
    'importer.import.completed',
    z.object({
      importId: z.uuid(),
      /** Who confirmed the import. */
      actorId: z.uuid(),
      fileName: z.string(),
      created: z.number().int(),
      newClasses: z.number().int(),
      completedAt: z.iso.datetime({ offset: true }),
    }),
  ),
} as const;
