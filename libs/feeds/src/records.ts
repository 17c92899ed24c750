import type { FeedPerson, FeedProfile, FeedSource } from '@sesame/contracts';

/*
 * The one shape every académie feed is read into, whatever its format (AAF 2D/1D, SIECLE, STS-web,
 * ONDE). The importer stages these records at identity, so their schemas are on the wire and live in
 * libs/contracts (identity/feeds.schema.ts); they are re-exported here for the readers.
 */
export {
  FEED_SOURCES,
  FeedSourceSchema,
  FeedProfileSchema,
  FeedSchoolSchema,
  FeedClassSchema,
  FeedRelativeLinkSchema,
  FeedPersonSchema,
  FeedRecordSchema,
} from '@sesame/contracts';
export type { FeedSource, FeedProfile, FeedSchool, FeedClass, FeedRelativeLink, FeedPerson, FeedRecord } from '@sesame/contracts';

/** A person with every optional field empty: readers fill in what their format has. */
export function emptyPerson(source: FeedSource, joinKey: string, profile: FeedProfile): FeedPerson {
  return {
    kind: 'person', source, joinKey, ine: null, lastName: '', firstName: '', birthDate: null, profile,
    schools: [], classes: [], email: null, mobile: null, functions: [], relatives: [], exitDate: null,
  };
}
