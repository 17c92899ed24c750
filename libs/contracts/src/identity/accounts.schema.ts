import { z } from 'zod';
import { nameText } from '../text';

export const ROLES = ['manager', 'administrator', 'supervisor', 'member'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Roles that an API call may create; the manager exists once, from configuration. */
export const CREATABLE_ROLES = ['administrator', 'supervisor', 'member'] as const;
export const CreatableRoleSchema = z.enum(CREATABLE_ROLES);

export const PROFILES = ['student', 'relative', 'teacher', 'personnel', 'guest'] as const;
export const ProfileSchema = z.enum(PROFILES);
export type Profile = z.infer<typeof ProfileSchema>;

const isoDateTime = z.iso.datetime({ offset: true });
const name = nameText(100);

export const SchoolRefSchema = z.object({ id: z.uuid(), uai: z.string(), name: z.string() });
export const ClassRefSchema = z.object({ id: z.uuid(), schoolId: z.uuid(), name: z.string() });
export type SchoolRef = z.infer<typeof SchoolRefSchema>;
export type ClassRef = z.infer<typeof ClassRefSchema>;

/** An account as the API shows it. Never carries a password or a hash. */
export const UserViewSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: RoleSchema,
  profile: ProfileSchema.nullable(),
  schools: z.array(SchoolRefSchema),
  classes: z.array(ClassRefSchema),
  /** For a supervisor: the administrator who manages it. */
  managedBy: z.uuid().nullable(),
  externalId: z.string().nullable(),
  source: z.string().nullable(),
  activated: z.boolean(),
  activatedAt: isoDateTime.nullable(),
  /** Shown only to administrators who can see the account, and only until it is activated. */
  activationCode: z.string().nullable(),
  activationCodeExpiresAt: isoDateTime.nullable(),
  deactivatedAt: isoDateTime.nullable(),
  preDeletedAt: isoDateTime.nullable(),
  deleteAfter: isoDateTime.nullable(),
  /** The departure that started the leavers' calendar (docs/lifecycle.md); null while the holder has not left. */
  leftAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  lastLoginAt: isoDateTime.nullable(),
  lastDistributedAt: isoDateTime.nullable(),
  lastDistributionChannel: z.enum(['pdf', 'email']).nullable(),
  locale: z.enum(['fr', 'en']),
});
export type UserView = z.infer<typeof UserViewSchema>;

/** Loose transport checks only; the username, password and email rules are applied by identity. */
const username = z.string().max(400);
const password = z.string().min(1).max(1024);
const email = z.string().trim().max(320);

export const CreateUserSchema = z.object({
  /** `manager` is accepted by the schema only to be refused with manager_exists: there is one, ever. */
  role: RoleSchema,
  /** Generated as firstname.lastname for members when absent. */
  username: username.optional(),
  firstName: name.optional(),
  lastName: name.optional(),
  displayName: name.optional(),
  email: email.optional(),
  /** When absent the account gets an activation code only. */
  password: password.optional(),
  profile: ProfileSchema.optional(),
  schoolIds: z.array(z.uuid()).max(50).optional(),
  classIds: z.array(z.uuid()).max(50).optional(),
  /** Students a relative is linked to. */
  childIds: z.array(z.uuid()).max(20).optional(),
  /** Supervisor only: the administrator who manages it (the manager chooses; an administrator is assigned). */
  managedBy: z.uuid().optional(),
  externalId: z.string().trim().min(1).max(100).optional(),
});
export type CreateUser = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z.object({
  id: z.uuid(),
  patch: z
    .object({
      username: username,
      firstName: name.nullable(),
      lastName: name.nullable(),
      displayName: name.nullable(),
      email: email.nullable(),
      profile: ProfileSchema,
      schoolIds: z.array(z.uuid()).max(50),
      classIds: z.array(z.uuid()).max(50),
      childIds: z.array(z.uuid()).max(20),
      managedBy: z.uuid(),
      externalId: z.string().trim().min(1).max(100).nullable(),
    })
    .partial(),
});
export type UpdateUser = z.infer<typeof UpdateUserSchema>;

export const UserIdSchema = z.object({ id: z.uuid() });
export const SetPasswordSchema = z.object({ id: z.uuid(), password });

export const UpdateMeSchema = z
  .object({ displayName: name.nullable(), email: email.nullable(), locale: z.enum(['fr', 'en']) })
  .partial();
export const ChangeOwnPasswordSchema = z.object({ currentPassword: password, newPassword: password });

export const LoginSchema = z.object({ username: username.min(1), password });

/** Activation (SPEC §3): login + code → the user chooses a password and may give an email. */
export const ActivateSchema = z.object({
  username: username.min(1),
  activationCode: z.string().trim().min(1).max(20),
  password,
  email: email.optional(),
});
export const ForgotPasswordSchema = z.object({ username: username.min(1), locale: z.enum(['fr', 'en']).default('fr') });
export const ResetPasswordSchema = z.object({ token: z.string().min(10).max(200), password });

/**
 * The client address the gateway determined (TRUST_PROXY), forwarded in the calls identity
 * throttles: login, activation, reset requests. Identity counts attempts per address with it.
 */
const clientAddress = z.string().min(1).max(100);
export const LoginRequestSchema = LoginSchema.extend({ clientAddress });
export const ActivateRequestSchema = ActivateSchema.extend({ clientAddress });
export const ForgotPasswordRequestSchema = ForgotPasswordSchema.extend({ clientAddress });
export const TokenSchema = z.object({
  accessToken: z.string(),
  /** Seconds. */
  expiresIn: z.number().int().positive(),
});
export const LoginResultSchema = TokenSchema.extend({ user: UserViewSchema });

export const ActivationChoiceSchema = z.enum(['all', 'activated', 'not_activated']);
export const InclusionSchema = z.enum(['exclude', 'only', 'include']);

/** The selection of SPEC §4. No value = everybody in the caller's scope. */
export const UserFilterSchema = z.object({
  schoolId: z.uuid().optional(),
  profiles: z.array(ProfileSchema).optional(),
  roles: z.array(RoleSchema).optional(),
  classIds: z.array(z.uuid()).max(200).optional(),
  activation: z.enum(['activated', 'not_activated']).optional(),
  email: z.enum(['with', 'without']).optional(),
  /** Local administrators and supervisors only. */
  adminsOnly: z.boolean().optional(),
  createdFrom: z.iso.date().optional(),
  createdTo: z.iso.date().optional(),
  preDeleted: InclusionSchema.default('exclude'),
  deactivated: InclusionSchema.default('exclude'),
  /** Accounts never sent a letter or an email. */
  neverDistributed: z.boolean().optional(),
  /**
   * The letters after a rentrée (issue 16): accounts that joined a school since its last rentrée (not
   * restored) and had no letter or email since it, and accounts never distributed.
   */
  arrivedSinceRentree: z.boolean().optional(),
  /** Free text on last name, first name, display name and login. */
  q: z.string().trim().max(100).optional(),
  /** Chosen accounts (the list's check boxes, one account's page): these, still within the other filters and the scope. */
  ids: z.array(z.uuid()).min(1).max(500).optional(),
  /** The accounts a CSV import created (whatever became of them since), still within the other filters and the scope. */
  importId: z.uuid().optional(),
});
export type UserFilter = z.infer<typeof UserFilterSchema>;
export const UserSortSchema = z.enum(['name', 'profile', 'class']);
export type UserSort = z.infer<typeof UserSortSchema>;

export const ListUsersSchema = z.object({
  filter: UserFilterSchema.default({ preDeleted: 'exclude', deactivated: 'exclude' }),
  sort: UserSortSchema.default('name'),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
});
export type ListUsers = z.infer<typeof ListUsersSchema>;

/** One row of a selection: the columns of the ENT's verification list. */
export const UserRowSchema = z.object({
  id: z.uuid(),
  lastName: z.string().nullable(),
  firstName: z.string().nullable(),
  displayName: z.string(),
  role: RoleSchema,
  profile: ProfileSchema.nullable(),
  username: z.string(),
  activated: z.boolean(),
  activationCode: z.string().nullable(),
  email: z.string().nullable(),
  classes: z.array(z.string()),
  schoolIds: z.array(z.uuid()),
  /** For a supervisor: the administrator who manages it (the console offers its actions from it). */
  managedBy: z.uuid().nullable(),
  createdAt: isoDateTime,
  deactivatedAt: isoDateTime.nullable(),
  preDeletedAt: isoDateTime.nullable(),
  lastDistributedAt: isoDateTime.nullable(),
});
export type UserRow = z.infer<typeof UserRowSchema>;
export const UserPageSchema = z.object({ total: z.number().int(), items: z.array(UserRowSchema) });
