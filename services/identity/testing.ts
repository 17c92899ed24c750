/*
 * The one door through which system tests (test/) reach identity: starting it, its configuration,
 * and the few internals a test drives directly (a scheduled job run at once, a service method
 * called around the broker). Not part of the build: production code never imports it.
 */
export { startIdentity } from './src/app';
export { IdentityConfigSchema, loadIdentityConfig } from './src/config/identity.config';
export type { IdentityConfig } from './src/config/identity.config';
export type { Database } from './src/database/schema';
export type { Db } from './src/database/database.module';
export type { Actor } from './src/auth/actor';
export { ActorService } from './src/auth/actor.service';
export { AccountsRepository } from './src/accounts/accounts.repository';
export { UsersService } from './src/users/users.service';
export { AccountStatusService } from './src/users/account-status.service';
export { TalliesRepository } from './src/users/tallies.repository';
export { PurgeService } from './src/maintenance/purge.service';
export { LifecycleService } from './src/lifecycle/lifecycle.service';
export { CodeSealingService } from './src/maintenance/code-sealing';
export { EnrolmentService } from './src/enrolment/enrolment.service';
export { FeedsService } from './src/feeds/feeds.service';
export { FeedJobsService } from './src/feeds/feed-jobs.service';
// A diff's changes as `category → join keys` and its non-zero counts, shared with the feeds e2e test.
export { byCategory, some } from './test/support/feeds-harness';
// Random enrolment histories and arrival orders (fast-check), shared with the enrolment property test.
export { arrivalArbitrary, directoryOf, eventsOf, historyArbitrary, inTimeOrder, isInvalid } from './test/support/enrolment-histories';
export type { Step } from './test/support/enrolment-histories';
