import { Injectable } from '@nestjs/common';
import { inScope, mayEver } from '@sesame/account-rules';
import { FieldIssue, IdentityEvents, RENTREE_RESTORE_DAYS, Rentree, RentreeCounts, RentreeInput, RentreePreview, ServiceFailure, invalidField } from '@sesame/contracts';
import { MembershipsRepository } from '../accounts/memberships.repository';
import type { Actor } from '../auth/actor';
import { ChangeRecorder } from '../audit/change-recorder';
import type { Db } from '../database/database.module';
import { SchoolsRepository } from '../schools/schools.repository';
import { Placement, RentreeRepository, RentreeRow, SchoolCounts } from './rentree.repository';

const DAY = 86_400_000;
/** Refusals name at most this many lines: enough to fix a file, small enough to send back. */
const MAX_LINE_ISSUES = 100;

/**
 * The rentrée (issue 16): the manager, or an administrator for their schools, opens year N+1. Year
 * N's classes and class memberships are archived, then removed; the school memberships and the
 * accounts stay as they are (same login, password and activation). The year's classes come from a
 * class list given here, or from the next feed. Restorable, all or nothing, for 30 days.
 */
@Injectable()
export class RentreeService {
  constructor(
    private readonly repository: RentreeRepository,
    private readonly schools: SchoolsRepository,
    private readonly memberships: MembershipsRepository,
    private readonly changes: ChangeRecorder,
  ) {}

  /** What opening would do; nothing is written. */
  async preview(actor: Actor, input: RentreeInput): Promise<RentreePreview> {
    const schoolIds = await this.schoolsOf(actor, input);
    const placements = await this.placements(actor, input, schoolIds);
    return summary(input.schoolYear, await this.repository.counts(schoolIds, placements));
  }

  /** Opens the year in one transaction; a class list with one unknown pupil is refused whole before anything is written. */
  async open(actor: Actor, input: RentreeInput, requestId?: string, now = new Date()): Promise<Rentree> {
    const schoolIds = await this.schoolsOf(actor, input);
    const id = await this.changes.record(async ({ trx, audit, event }) => {
      await this.repository.lock(trx);
      const opened = await this.repository.openedSince(schoolIds, input.schoolYear, trx);
      if (opened.length) throw new ServiceFailure('conflict', { params: { reason: 'rentree_already_opened', schoolYear: Math.max(...opened) } });
      const placements = await this.placements(actor, input, schoolIds, trx);
      const { total } = summary(input.schoolYear, await this.repository.counts(schoolIds, placements, trx));
      const rentreeId = await this.repository.create(trx, {
        schoolYear: input.schoolYear,
        schoolIds,
        openedBy: actor.id,
        restorableUntil: new Date(now.getTime() + RENTREE_RESTORE_DAYS * DAY),
        counts: total,
      });
      await this.repository.archiveYear(trx, rentreeId, schoolIds);
      const relatives = await this.repository.place(trx, placements);
      await this.memberships.refreshRelatives(relatives, trx);
      const data = { rentreeId, schoolYear: input.schoolYear, schoolIds, classesArchived: total.classesArchived, pupilsKept: total.pupilsKept, actorId: actor.id };
      await audit({ actorId: actor.id, action: 'rentree.open', targetId: null, before: null, after: { ...data, counts: total }, requestId });
      await event(IdentityEvents.rentreeOpened, data);
      return rentreeId;
    });
    return this.view(actor, (await this.repository.find(id))!, now);
  }

  /** Year N back, all or nothing, before its deadline and while no later rentrée touched its schools. */
  async restore(actor: Actor, id: string, requestId?: string, now = new Date()): Promise<Rentree> {
    if (!mayEver(actor.role, 'openSchoolYear')) throw new ServiceFailure('forbidden');
    await this.changes.record(async ({ trx, audit, event }) => {
      await this.repository.lock(trx);
      const rentree = await this.visible(actor, id, trx);
      if (!rentree.schoolIds.every((school) => inScope(actor, school))) throw new ServiceFailure('forbidden');
      if (rentree.restoredAt) throw new ServiceFailure('conflict', { params: { reason: 'rentree_restored' } });
      if (now > rentree.restorableUntil) throw new ServiceFailure('conflict', { params: { reason: 'restore_expired' } });
      if (rentree.superseded) throw new ServiceFailure('conflict', { params: { reason: 'rentree_superseded' } });
      await this.repository.restore(trx, rentree, actor.id, now);
      const data = { rentreeId: id, schoolYear: rentree.schoolYear, schoolIds: rentree.schoolIds, classesArchived: rentree.counts.classesArchived, pupilsKept: rentree.counts.pupilsKept, actorId: actor.id };
      await audit({ actorId: actor.id, action: 'rentree.restore', targetId: null, before: null, after: data, requestId });
      await event(IdentityEvents.rentreeRestored, data);
    });
    return this.view(actor, (await this.repository.find(id))!, now);
  }

  /** The manager's: all; an administrator's: those of their schools. */
  async list(actor: Actor, now = new Date()): Promise<{ items: Rentree[] }> {
    if (!mayEver(actor.role, 'openSchoolYear')) throw new ServiceFailure('forbidden');
    const rows = await this.repository.list(actor.role === 'manager' ? null : actor.schoolIds);
    return { items: rows.map((row) => this.view(actor, row, now)) };
  }

  private async visible(actor: Actor, id: string, trx: Db): Promise<RentreeRow> {
    const rentree = await this.repository.find(id, trx, { forUpdate: true });
    // Another school's rentrée is not said to exist.
    if (!rentree || (actor.role !== 'manager' && !rentree.schoolIds.some((school) => inScope(actor, school)))) throw new ServiceFailure('not_found');
    return rentree;
  }

  /** The schools opened: those named (each in the caller's scope), else all the caller's. */
  private async schoolsOf(actor: Actor, input: RentreeInput): Promise<string[]> {
    if (!mayEver(actor.role, 'openSchoolYear')) throw new ServiceFailure('forbidden');
    if (!input.schoolIds) {
      const all = actor.role === 'manager' ? await this.repository.allSchoolIds() : [...actor.schoolIds];
      if (all.length === 0) throw invalidField('schoolIds', 'rentree.no_school');
      return all;
    }
    const schoolIds = [...new Set(input.schoolIds)];
    if (!schoolIds.every((school) => inScope(actor, school))) throw new ServiceFailure('forbidden');
    const unknown = await this.schools.unknownSchools(schoolIds);
    if (unknown.length) throw invalidField('schoolIds', 'school.unknown', { id: unknown[0] });
    return schoolIds;
  }

  /** The class list matched with accounts; refused whole, naming the lines, when a pupil or a school is not found. */
  private async placements(actor: Actor, input: RentreeInput, schoolIds: readonly string[], executor?: Db): Promise<Placement[]> {
    if (!input.classList?.length) return [];
    const issues: FieldIssue[] = [];
    const rows = input.classList.map((row, index) => {
      const line = row.line ?? index + 1;
      const schoolId = row.schoolId ?? (schoolIds.length === 1 ? schoolIds[0] : null);
      if (!schoolId || !schoolIds.includes(schoolId)) issues.push({ field: `classList.${index}.schoolId`, code: 'rentree.school_not_opened', params: { line } });
      return { line, schoolId: schoolId ?? '', login: row.login?.normalize('NFC') ?? null, ine: row.ine ?? null, className: row.className };
    });
    const placements = await this.repository.resolve(rows, actor.role === 'manager' ? null : actor.schoolIds, executor);
    placements.forEach((p, index) => {
      if (p.accountId) return;
      const value = rows[index].login ?? rows[index].ine ?? '';
      issues.push({ field: `classList.${index}.${rows[index].login ? 'login' : 'ine'}`, code: p.matches > 1 ? 'rentree.ambiguous_pupil' : 'rentree.unknown_pupil', params: { line: p.line, value } });
    });
    if (issues.length) throw new ServiceFailure('validation_failed', { issues: issues.sort((a, b) => Number(a.params!.line) - Number(b.params!.line)).slice(0, MAX_LINE_ISSUES) });
    return placements;
  }

  private view(actor: Actor, row: RentreeRow, now: Date): Rentree {
    return {
      id: row.id,
      schoolYear: row.schoolYear,
      schoolIds: row.schoolIds,
      openedAt: row.openedAt.toISOString(),
      openedBy: row.openedBy,
      restorableUntil: row.restorableUntil.toISOString(),
      restoredAt: row.restoredAt?.toISOString() ?? null,
      restorable: !row.restoredAt && !row.superseded && now <= row.restorableUntil && row.schoolIds.every((school) => inScope(actor, school)),
      counts: row.counts,
    };
  }
}

function summary(schoolYear: number, schools: SchoolCounts[]): RentreePreview {
  const total: RentreeCounts = { classesArchived: 0, pupilsKept: 0, pupilsWithoutClass: 0, newcomers: 0, classesCreated: 0 };
  for (const school of schools) for (const key of Object.keys(total) as Array<keyof RentreeCounts>) total[key] += school[key];
  return { schoolYear, total, schools };
}
