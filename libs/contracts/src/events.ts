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
}

function defineEvent<D extends z.ZodType>(type: string, data: D, version = 1): EventDefinition<D> {
  return { type, version, data };
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

// WARNING: event types are routing keys that other systems bind to; never rename one.
export const IdentityEvents = {
  userCreated: defineEvent('identity.user.created', userRef),
  userUpdated: defineEvent('identity.user.updated', userRef.extend({ fields: z.array(z.string()) })),
  userActivated: defineEvent('identity.user.activated', userRef),
  userDeactivated: defineEvent('identity.user.deactivated', userRef),
  userReactivated: defineEvent('identity.user.reactivated', userRef),
  userPasswordChanged: defineEvent(
    'identity.user.password-changed',
    userRef.extend({
      /** Where to tell the user; null when no email is on file. */
      email: z.string().nullable(),
      displayName: z.string(),
      locale: z.enum(['fr', 'en']),
    }),
  ),
  userPreDeleted: defineEvent('identity.user.pre-deleted', userRef.extend({ deleteAfter: z.iso.datetime({ offset: true }) })),
  userRestored: defineEvent('identity.user.restored', userRef),
  userDeleted: defineEvent('identity.user.deleted', userRef),
} as const;

export type IdentityEventName = keyof typeof IdentityEvents;
