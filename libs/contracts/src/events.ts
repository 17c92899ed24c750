import { z } from 'zod';
import { ProfileSchema, RoleSchema } from './identity/accounts.schema';
import { LifecycleNoticeKindSchema } from './identity/lifecycle.schema';
import { OidcClientKindSchema } from './identity/oidc.schema';

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

export function defineEvent<D extends z.ZodType>(type: string, data: D, options: { version?: number } = {}): EventDefinition<D> {
  return { type, version: options.version ?? 1, data };
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

/**
 * A secret sealed for one consumer: a flattened JWE (RFC 7516, `dir` + `A256GCM`) whose protected
 * header names the key (`kid`). Its additional authenticated data is not carried: the consumer
 * rebuilds it from the event (see resetTokenSealContext), so a box moved to another event fails.
 */
export const SealedSecretSchema = z
  .object({
    protected: z.string().min(1).max(200),
    iv: z.string().min(1).max(50),
    ciphertext: z.string().min(1).max(1000),
    tag: z.string().min(1).max(50),
  })
  .strict();
export type SealedSecret = z.infer<typeof SealedSecretSchema>;

/** A rentrée opened or restored: the year, its schools, what it archived and kept. */
const rentree = z.object({
  rentreeId: z.uuid(),
  schoolYear: z.number().int(),
  schoolIds: z.array(z.uuid()),
  classesArchived: z.number().int(),
  pupilsKept: z.number().int(),
  actorId: z.uuid(),
});

/** A relying party of the OpenID Connect provider, and who changed it. */
const oidcClientRef = z.object({ clientId: z.string(), name: z.string(), kind: OidcClientKindSchema, actorId: z.uuid() });
/** A downstream SCIM target (issue 18): never its token. */
const scimTargetRef = z.object({ targetId: z.uuid(), name: z.string(), url: z.string(), actorId: z.uuid() });

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
  /** A departure was recorded (issue 16): the account stays active until its toleration ends. */
  userLeaving: defineEvent('identity.user.leaving', userRef.extend({ leftAt: z.iso.datetime({ offset: true }), deactivateOn: z.iso.datetime({ offset: true }), deleteOn: z.iso.datetime({ offset: true }) })),
  userReactivated: defineEvent('identity.user.reactivated', userRef),
  userPasswordChanged: defineEvent('identity.user.password-changed', userRef.extend(mailbox)),
  /**
   * Sent to the user's email by mailmerge: a single-use link valid until `expiresAt`. Version 2: the
   * token is sealed with a key only identity and mailmerge hold (version 1 carried it in clear).
   */
  userPasswordResetRequested: defineEvent(
    'identity.user.password-reset-requested',
    userRef.extend({
      ...mailbox,
      email: z.string(),
      sealedToken: SealedSecretSchema.meta({
        description:
          'The reset token, sealed for mailmerge (flattened JWE, dir + A256GCM, kid in the protected header); ' +
          'bound to this event type, userId, username, email and expiresAt. Useless to any other consumer.',
      }),
      expiresAt: z.iso.datetime({ offset: true }),
    }),
    { version: 2 },
  ),
  userPreDeleted: defineEvent('identity.user.pre-deleted', userRef.extend({ deleteAfter: z.iso.datetime({ offset: true }) })),
  userRestored: defineEvent('identity.user.restored', userRef),
  userDeleted: defineEvent('identity.user.deleted', userRef),
  /**
   * A leaver's notice, for mailmerge to email in the account's language: its `kind` of step
   * (deactivation or deletion) falls due `on` that day. Published only where there is an address.
   */
  lifecycleNoticeDue: defineEvent(
    'identity.user.lifecycle-notice',
    userRef.extend({ ...mailbox, email: z.string(), kind: LifecycleNoticeKindSchema, on: z.iso.datetime({ offset: true }) }),
  ),
  /** The manager changed the leavers' calendar (issue 16): every profile's delays, as they now are. */
  lifecyclePolicyChanged: defineEvent(
    'identity.lifecycle.policy-changed',
    z.object({
      profiles: z.array(
        z.object({
          profile: ProfileSchema,
          tolerationDays: z.number().int(),
          deactivationDays: z.number().int(),
          preDeletionDays: z.number().int(),
          /** Days before deactivation and before deletion the leaver is sent a notice. */
          noticeDays: z.number().int().optional(),
        }),
      ),
      actorId: z.uuid(),
    }),
  ),
  /**
   * A confirmed CSV import or an applied feed was undone (issue 16): the accounts it created removed,
   * those it changed restored (each with its identity.user.deleted or identity.user.updated).
   */
  importUndone: defineEvent(
    'identity.import.undone',
    z.object({
      operationId: z.uuid(),
      kind: z.enum(['import', 'feed']),
      removed: z.number().int(),
      restored: z.number().int(),
      /** Accounts left as they are: activated, distributed or edited since the apply. */
      blocked: z.number().int(),
      actorId: z.uuid(),
    }),
  ),
  /** Year `schoolYear` opened for these schools (issue 16): year N's classes archived, pupils kept with their accounts. */
  rentreeOpened: defineEvent('identity.rentree.opened', rentree),
  /** A rentrée restored: year N's classes and class memberships are back. */
  rentreeRestored: defineEvent('identity.rentree.restored', rentree),
  /** The manager registered a relying party of the OpenID Connect provider (issue 17). Never its secret. */
  oidcClientRegistered: defineEvent('identity.oidc-client.registered', oidcClientRef),
  /** A relying party's registration changed (`fields`: what changed). */
  oidcClientUpdated: defineEvent('identity.oidc-client.updated', oidcClientRef.extend({ fields: z.array(z.string()) })),
  /** A relying party was given a new secret: the previous one no longer authenticates it. */
  oidcClientSecretRotated: defineEvent('identity.oidc-client.secret-rotated', oidcClientRef),
  /** A relying party was removed: its users' grants and tokens with it. */
  oidcClientDeleted: defineEvent('identity.oidc-client.deleted', oidcClientRef),
  /** The manager registered a downstream SCIM target (issue 18): Sesame pushes its accounts to it. Never its token. */
  scimTargetRegistered: defineEvent('identity.scim-target.registered', scimTargetRef),
  /** A SCIM target's registration changed (`fields`: what changed; `token` when it was replaced, never its value). */
  scimTargetUpdated: defineEvent('identity.scim-target.updated', scimTargetRef.extend({ fields: z.array(z.string()) })),
  /** A SCIM target was removed: nothing more is pushed to it, its queue is deleted. */
  scimTargetDeleted: defineEvent('identity.scim-target.deleted', scimTargetRef),
} as const;

export type IdentityEventName = keyof typeof IdentityEvents;

/**
 * What a sealed reset token is bound to (its additional authenticated data): the event and the
 * mailbox it is sent to. Changing the recipient, the account or the expiry makes the box unopenable.
 */
export function resetTokenSealContext(data: { userId: string; username: string; email: string; expiresAt: string }): string {
  const { type, version } = IdentityEvents.userPasswordResetRequested;
  return JSON.stringify([type, version, data.userId, data.username, data.email, data.expiresAt]);
}

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
