import { z } from 'zod';

/*
 * The one shape every académie feed is read into, whatever its format (AAF 2D/1D, SIECLE, STS-web,
 * ONDE). These are not bus messages (they never leave the process that reads the files), so they
 * live here and not in libs/contracts. The diff of issue 15 compares them with what Sesame holds,
 * by `source` + `joinKey`, never by name.
 */

export const FEED_SOURCES = ['aaf', 'siecle', 'sts', 'onde'] as const;
export const FeedSourceSchema = z.enum(FEED_SOURCES);
export type FeedSource = z.infer<typeof FeedSourceSchema>;

export const FeedProfileSchema = z.enum(['student', 'relative', 'teacher', 'personnel']);
export type FeedProfile = z.infer<typeof FeedProfileSchema>;

const UaiSchema = z.string().regex(/^\d{7}[A-Z]$/);
const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const FeedSchoolSchema = z.object({
  kind: z.literal('school'),
  source: FeedSourceSchema,
  uai: UaiSchema,
  name: z.string(),
});
export type FeedSchool = z.infer<typeof FeedSchoolSchema>;

export const FeedClassSchema = z.object({ uai: UaiSchema, name: z.string().min(1) });
export type FeedClass = z.infer<typeof FeedClassSchema>;

/**
 * A link between a student and a relative, as one side of the feed states it. `legal` is kept as
 * the file says it, and the caller decides what it means (issue 15: AAF's 2 is linked only where
 * the académie's settings say so): 1 or 2 as in AAF's `ENTElevePersRelEleve` or SIECLE's
 * `RESP_LEGAL`, 0 for SIECLE's other contacts, null when this side of the file does not say (AAF's
 * `ENTAuxPersRelEleveEleve`).
 */
export const FeedRelativeLinkSchema = z.object({
  childKey: z.string().min(1),
  relativeKey: z.string().min(1),
  legal: z.union([z.literal(0), z.literal(1), z.literal(2)]).nullable(),
  /** AAF's "lien" or SIECLE's CODE_PARENTE: the kinship code, as written. */
  kinship: z.string().nullable(),
  financial: z.boolean().nullable(),
  contact: z.boolean().nullable(),
});
export type FeedRelativeLink = z.infer<typeof FeedRelativeLinkSchema>;

export const FeedPersonSchema = z.object({
  kind: z.literal('person'),
  source: FeedSourceSchema,
  /** The feed's stable key: AAF ENTPersonJointure, SIECLE ELEVE_ID or PERSONNE_ID, STS individual ID, ONDE identifier. */
  joinKey: z.string().min(1),
  ine: z.string().nullable(),
  lastName: z.string(),
  firstName: z.string(),
  birthDate: IsoDateSchema.nullable(),
  profile: FeedProfileSchema,
  schools: z.array(UaiSchema),
  classes: z.array(FeedClassSchema),
  email: z.string().nullable(),
  mobile: z.string().nullable(),
  functions: z.array(z.string()),
  relatives: z.array(FeedRelativeLinkSchema),
  /** SIECLE's DATE_SORTIE: the student has left on that day. */
  exitDate: IsoDateSchema.nullable(),
});
export type FeedPerson = z.infer<typeof FeedPersonSchema>;

export const FeedRecordSchema = z.discriminatedUnion('kind', [FeedSchoolSchema, FeedPersonSchema]);
export type FeedRecord = z.infer<typeof FeedRecordSchema>;

/** A person with every optional field empty: readers fill in what their format has. */
export function emptyPerson(source: FeedSource, joinKey: string, profile: FeedProfile): FeedPerson {
  return {
    kind: 'person', source, joinKey, ine: null, lastName: '', firstName: '', birthDate: null, profile,
    schools: [], classes: [], email: null, mobile: null, functions: [], relatives: [], exitDate: null,
  };
}
