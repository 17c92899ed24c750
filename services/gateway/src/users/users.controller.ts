import { Body, Controller, applyDecorators, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CreateUserSchema, IdentityRpc, ListUsers, ServiceFailure, UpdateUserSchema, UserPageSchema, UserViewSchema } from '@sesame/contracts';
import type { CallContext } from '@sesame/messaging';
import type { Response } from 'express';
import { z } from 'zod';
import { Caller, MayEver } from '../auth/principal';
import { ApiAnswer, ApiBodyFrom, ApiProblems } from '../http/api-docs';
import { ZodBody, ZodPipe } from '../http/zod.pipe';
import { IdentityClient } from '../identity/identity.module';
import { localeOf } from '../problems/locale';
import { streamSelection } from './users-export';
import { UserQuerySchema } from './users.query';

const PatchSchema = UpdateUserSchema.shape.patch.strict();
const PasswordSchema = z.object({ password: z.string().min(1).max(1024) }).strict();
/** An id that is not a UUID names no account. */
const id = new ParseUUIDPipe({ exceptionFactory: () => new ServiceFailure('not_found') });

const QUERY_DOCS: Array<[string, string]> = [
  ['schoolId', 'School (UUID)'],
  ['profile', 'Profiles, comma-separated: student,relative,teacher,personnel,guest'],
  ['role', 'Roles, comma-separated: manager,administrator,supervisor,member'],
  ['classId', 'Classes (UUIDs), comma-separated; relatives are in their children’s classes'],
  ['activation', 'all | activated | not_activated'],
  ['email', 'all | with | without'],
  ['adminsOnly', 'true: local administrators and supervisors only'],
  ['createdFrom', 'First creation day (YYYY-MM-DD, Paris time)'],
  ['createdTo', 'Last creation day (YYYY-MM-DD, Paris time)'],
  ['preDeleted', 'exclude (default) | only | include'],
  ['deactivated', 'exclude (default) | only | include'],
  ['neverDistributed', 'true: accounts never sent a letter or an email'],
  ['arrivedSinceRentree', 'true: accounts that joined a school since its last rentrée and had no letter or email since it, and accounts never distributed (the letters after a rentrée)'],
  ['q', 'Text in the last name, first name, display name or login'],
  ['id', 'Accounts (UUIDs), comma-separated, at most 500: only these, within the other filters and the scope'],
  ['importId', 'Import (UUID): the accounts that CSV import created, within the other filters and the scope'],
  ['sort', 'name (default) | profile | class'],
  ['page', 'Page number, from 1'],
  ['pageSize', 'Rows per page, 1–500 (default 50)'],
];

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly identity: IdentityClient) {}

  @Get()
  @ApiOperation({ summary: 'Select accounts (SPEC §4): exact count and one page, within your scope' })
  @applyDecorators(...QUERY_DOCS.map(([name, description]) => ApiQuery({ name, description, required: false })))
  @ApiAnswer(200, 'The selection', UserPageSchema)
  @ApiProblems('validation_failed', 'unauthenticated')
  list(@Query(new ZodPipe(UserQuerySchema)) query: ListUsers, @Caller() caller: CallContext) {
    return this.identity.call(IdentityRpc.listUsers, query, caller);
  }

  // Before `:id`, which would take `export.csv` for an account's id.
  @Get('export.csv')
  @ApiOperation({
    summary: 'Export the selection as CSV (the « Imports / Exports » rubric)',
    description:
      'The same filters and order as GET /users (page and pageSize ignored: every account of the selection), as CSV: UTF-8 with a ' +
      'byte order mark, `;`, CRLF, the columns of the verification list (last name, first name, profile, username, activation code, ' +
      'email, classes, creation date) in the caller’s language, formulas neutralised. Activation codes only where GET /users shows ' +
      'them to the caller. Streamed page by page; `x-total-count` is the selection’s count.',
  })
  @applyDecorators(...QUERY_DOCS.filter(([name]) => name !== 'page' && name !== 'pageSize').map(([name, description]) => ApiQuery({ name, description, required: false })))
  @ApiProduces('text/csv')
  @ApiAnswer(200, 'The selection as CSV')
  @ApiProblems('validation_failed', 'unauthenticated')
  async exportCsv(
    @Query(new ZodPipe(UserQuerySchema)) query: ListUsers,
    @Caller() caller: CallContext,
    @Res() response: Response,
    @Headers('accept-language') language?: string,
  ): Promise<void> {
    await streamSelection(this.identity, query, caller, localeOf(language), response);
  }

  @Post()
  @MayEver('createAccount')
  @ApiOperation({
    summary: 'Create an administrator, a supervisor or a member',
    description:
      'Only the manager creates administrators. A supervisor created by an administrator is managed by it; ' +
      'the manager chooses `managedBy`. Members need names, a profile and a school; without `username` ' +
      'their login is generated as firstname.lastname.',
  })
  @ApiBodyFrom(CreateUserSchema)
  @ApiAnswer(201, 'Created', UserViewSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden', 'username_taken', 'username_lookalike')
  create(@Body(ZodBody(CreateUserSchema.strict())) body: z.output<typeof CreateUserSchema>, @Caller() caller: CallContext) {
    return this.identity.call(IdentityRpc.createUser, body, caller);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One account' })
  @ApiAnswer(200, 'The account', UserViewSchema)
  @ApiProblems('unauthenticated', 'forbidden', 'not_found')
  get(@Param('id', id) userId: string, @Caller() caller: CallContext) {
    return this.identity.call(IdentityRpc.getUser, { id: userId }, caller);
  }

  @Patch(':id')
  @MayEver('manageAccount')
  @ApiOperation({ summary: 'Edit an account within your rights' })
  @ApiBodyFrom(PatchSchema)
  @ApiAnswer(200, 'The account, changed', UserViewSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden', 'not_found', 'username_taken', 'username_lookalike')
  update(@Param('id', id) userId: string, @Body(ZodBody(PatchSchema)) patch: z.output<typeof PatchSchema>, @Caller() caller: CallContext) {
    return this.identity.call(IdentityRpc.updateUser, { id: userId, patch }, caller);
  }

  @Put(':id/password')
  @MayEver('manageAccount')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set the password of an account; you must then tell its owner', description: 'Ends the account’s sessions.' })
  @ApiBodyFrom(PasswordSchema)
  @ApiAnswer(204, 'Password set')
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden', 'not_found')
  async setPassword(@Param('id', id) userId: string, @Body(ZodBody(PasswordSchema)) body: z.output<typeof PasswordSchema>, @Caller() caller: CallContext) {
    await this.identity.call(IdentityRpc.setPassword, { id: userId, password: body.password }, caller);
  }

  @Post(':id/deactivate')
  @MayEver('manageAccount')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate an account (kept, cannot sign in, sessions end)' })
  @ApiAnswer(200, 'The account, deactivated', UserViewSchema)
  @ApiProblems('unauthenticated', 'forbidden', 'not_found', 'conflict')
  deactivate(@Param('id', id) userId: string, @Caller() caller: CallContext) {
    return this.identity.call(IdentityRpc.deactivateUser, { id: userId }, caller);
  }

  @Post(':id/pre-delete')
  @MayEver('manageAccount')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a member for deletion after the grace period (30 days by default); restorable until then' })
  @ApiAnswer(200, 'The account, pre-deleted', UserViewSchema)
  @ApiProblems('unauthenticated', 'forbidden', 'not_found', 'conflict')
  preDelete(@Param('id', id) userId: string, @Caller() caller: CallContext) {
    return this.identity.call(IdentityRpc.preDeleteUser, { id: userId }, caller);
  }

  @Post(':id/restore')
  @MayEver('manageAccount')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel the pre-deletion of a member' })
  @ApiAnswer(200, 'The account, restored', UserViewSchema)
  @ApiProblems('unauthenticated', 'forbidden', 'not_found', 'conflict')
  restore(@Param('id', id) userId: string, @Caller() caller: CallContext) {
    return this.identity.call(IdentityRpc.restoreUser, { id: userId }, caller);
  }

  @Post(':id/activation-code')
  @MayEver('manageAccount')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give a not-yet-activated account a new activation code (and validity period)' })
  @ApiAnswer(200, 'The account with its new code', UserViewSchema)
  @ApiProblems('unauthenticated', 'forbidden', 'not_found', 'conflict')
  regenerateActivationCode(@Param('id', id) userId: string, @Caller() caller: CallContext) {
    return this.identity.call(IdentityRpc.regenerateActivationCode, { id: userId }, caller);
  }

  @Post(':id/reactivate')
  @MayEver('reactivateAccount')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reactivate a deactivated account (manager only)' })
  @ApiAnswer(200, 'The account, reactivated', UserViewSchema)
  @ApiProblems('unauthenticated', 'forbidden', 'not_found')
  reactivate(@Param('id', id) userId: string, @Caller() caller: CallContext) {
    return this.identity.call(IdentityRpc.reactivateUser, { id: userId }, caller);
  }
}
