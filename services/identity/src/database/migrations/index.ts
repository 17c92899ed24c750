import { outboxMigration } from '@sesame/outbox';
import type { Migration } from 'kysely';
import * as directory from './0001-directory';
import * as directoryScale from './0003-directory-scale';
import * as selectionMemberships from './0004-selection-memberships';
import * as imports from './0005-imports';
import * as selectionTallies from './0007-selection-tallies';
import * as selectionSearch from './0008-selection-search';
import * as loginSkeletons from './0009-login-skeletons';
import * as enrolmentFacts from './0010-enrolment-facts';
import * as profileOrder from './0011-profile-order';
import * as accountImport from './0012-account-import';
import * as feeds from './0013-feeds';
import * as lifecycle from './0014-lifecycle';
import * as rentree from './0015-rentree';
import * as undo from './0016-undo';
import * as lifecycleNotices from './0017-lifecycle-notices';
import * as oidc from './0018-oidc';
import * as machineOperations from './0019-machine-operations';
import * as rosterChanges from './0020-roster-changes';
import * as scimTargets from './0021-scim-targets';
import * as activationCounts from './0022-activation-counts';
import * as staffByName from './0023-staff-by-name';

/** Every migration of identity, in order. Names are recorded in the database: never rename one. */
export const identityMigrations: Record<string, Migration> = {
  '0001-directory': directory,
  '0002-outbox': outboxMigration,
  '0003-directory-scale': directoryScale,
  '0004-selection-memberships': selectionMemberships,
  '0005-imports': imports,
  '0007-selection-tallies': selectionTallies,
  '0008-selection-search': selectionSearch,
  '0009-login-skeletons': loginSkeletons,
  '0010-enrolment-facts': enrolmentFacts,
  '0011-profile-order': profileOrder,
  '0012-account-import': accountImport,
  '0013-feeds': feeds,
  '0014-lifecycle': lifecycle,
  '0015-rentree': rentree,
  '0016-undo': undo,
  '0017-lifecycle-notices': lifecycleNotices,
  '0018-oidc': oidc,
  '0019-machine-operations': machineOperations,
  '0020-roster-changes': rosterChanges,
  '0021-scim-targets': scimTargets,
  '0022-activation-counts': activationCounts,
  '0023-staff-by-name': staffByName,
};
