import { z } from 'zod';
import { defineRpc } from '../rpc';
import {
  ActivateRequestSchema,
  ChangeOwnPasswordSchema,
  ForgotPasswordRequestSchema,
  ResetPasswordSchema,
  CreateUserSchema,
  ListUsersSchema,
  LoginResultSchema,
  TokenSchema,
  LoginRequestSchema,
  SetPasswordSchema,
  UpdateMeSchema,
  UpdateUserSchema,
  UserIdSchema,
  UserPageSchema,
  UserViewSchema,
} from './accounts.schema';
import {
  ClassViewSchema,
  CreateClassSchema,
  CreateSchoolSchema,
  SchoolIdSchema,
  SchoolViewSchema,
} from './schools.schema';
import { ActivationReportQuerySchema, ActivationReportSchema } from './reports.schema';

const none = z.object({}).strict();
const done = z.object({ done: z.literal(true) });

// WARNING: patterns are the wire names of identity's RPC queue; rename only with a migration plan.
/** Calls answered by identity on QUEUES.identityRpc. */
export const IdentityRpc = {
  login: defineRpc('identity.auth.login', LoginRequestSchema, LoginResultSchema),
  activate: defineRpc('identity.auth.activate', ActivateRequestSchema, LoginResultSchema),
  forgotPassword: defineRpc('identity.auth.forgot-password', ForgotPasswordRequestSchema, z.object({ accepted: z.literal(true) })),
  resetPassword: defineRpc('identity.auth.reset-password', ResetPasswordSchema, done),

  getMe: defineRpc('identity.me.get', none, UserViewSchema),
  updateMe: defineRpc('identity.me.update', UpdateMeSchema, UserViewSchema),
  changeOwnPassword: defineRpc('identity.me.change-password', ChangeOwnPasswordSchema, TokenSchema),

  listUsers: defineRpc('identity.users.list', ListUsersSchema, UserPageSchema),
  getUser: defineRpc('identity.users.get', UserIdSchema, UserViewSchema),
  createUser: defineRpc('identity.users.create', CreateUserSchema, UserViewSchema),
  updateUser: defineRpc('identity.users.update', UpdateUserSchema, UserViewSchema),
  setPassword: defineRpc('identity.users.set-password', SetPasswordSchema, done),
  deactivateUser: defineRpc('identity.users.deactivate', UserIdSchema, UserViewSchema),
  reactivateUser: defineRpc('identity.users.reactivate', UserIdSchema, UserViewSchema),
  preDeleteUser: defineRpc('identity.users.pre-delete', UserIdSchema, UserViewSchema),
  restoreUser: defineRpc('identity.users.restore', UserIdSchema, UserViewSchema),
  regenerateActivationCode: defineRpc('identity.users.activation-code', UserIdSchema, UserViewSchema),

  activationReport: defineRpc('identity.reports.activation', ActivationReportQuerySchema, ActivationReportSchema),

  listSchools: defineRpc('identity.schools.list', none, z.array(SchoolViewSchema)),
  createSchool: defineRpc('identity.schools.create', CreateSchoolSchema, SchoolViewSchema),
  listClasses: defineRpc('identity.classes.list', SchoolIdSchema, z.array(ClassViewSchema)),
  createClass: defineRpc('identity.classes.create', CreateClassSchema, ClassViewSchema),
} as const;
