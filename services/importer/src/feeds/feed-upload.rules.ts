import { FeedKindSchema, ServiceFailure, invalidField } from '@sesame/contracts';
import { z } from 'zod';
import type { Caller } from '../identity/callers.service';

/** The form's fields besides the files: an AAF delivery names no school, a school export its UAI. */
const FeedFormSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('aaf'), uai: z.undefined() }),
  z.object({ kind: z.literal('school'), uai: z.string().regex(/^\d{7}[A-Z]$/) }),
]);
export type FeedForm = z.infer<typeof FeedFormSchema>;

/** The upload's `kind` and `uai`, or the refusal naming the field. */
export function feedForm(raw: Record<string, string>): FeedForm {
  const kind = FeedKindSchema.safeParse(raw.kind);
  if (!kind.success) throw invalidField('kind', 'invalid_value', { values: 'aaf, school' });
  const uai = raw.uai?.trim().toUpperCase() || undefined;
  if (kind.data === 'aaf') {
    if (uai) throw invalidField('uai', 'feed.uai_not_for_aaf');
    return { kind: 'aaf', uai: undefined };
  }
  if (!uai) throw invalidField('uai', 'feed.uai_required');
  const parsed = FeedFormSchema.safeParse({ kind: 'school', uai });
  if (!parsed.success) throw invalidField('uai', 'uai.format');
  return parsed.data;
}

/**
 * The coarse gate before any byte is stored: an AAF delivery is the manager's, a school export the
 * manager's or an administrator's. Identity decides the rest (which school) when the feed opens.
 */
export function mayUpload(caller: Pick<Caller, 'role'>, kind: FeedForm['kind'] | undefined): boolean {
  if (caller.role === 'manager') return true;
  return caller.role === 'administrator' && kind !== 'aaf';
}

export function refuseUnlessMayUpload(caller: Pick<Caller, 'role'>, kind: FeedForm['kind'] | undefined): void {
  if (!mayUpload(caller, kind)) throw new ServiceFailure('forbidden');
}

/**
 * The name a delivered file is stored under, inside the feed's own folder: its last path segment,
 * without control characters; refused when nothing usable is left (`.`, `..`, empty). Readers
 * recognise files by name, so the name is otherwise kept as sent.
 */
export function storedFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(base)) throw invalidField('files', 'text.nul_character');
  const name = base.trim();
  if (!name || name === '.' || name === '..' || name.length > 255) throw invalidField('files', 'feed.file_name');
  return name;
}
