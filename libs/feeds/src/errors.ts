/** Every way a feed file can be refused; the messages (fr, en) are in messages.ts. */
export const FEED_ERROR_CODES = [
  'file.unknown',
  'file.unknown_entity',
  'file.encoding',
  'file.wrong_root',
  'file.wrong_uai',
  'xml.truncated',
  'xml.malformed',
  'csv.malformed',
  'csv.missing_column',
  'delivery.missing_part',
  'delivery.empty',
  'delivery.not_aaf',
  'delivery.not_school_export',
  'zip.malformed',
  'record.missing_field',
  'record.duplicate_ine',
  'record.duplicate_key',
  'date.malformed',
  'uai.malformed',
] as const;
export type FeedErrorCode = (typeof FEED_ERROR_CODES)[number];

export interface FeedErrorDetails {
  /** The file's name, as delivered (inside a zip: the entry's name). */
  file: string;
  /** Where in the file: `line 42`, or the record's identifier when there is one. */
  record?: string;
  /** The field (XML element or AAF attribute, CSV column) that is wrong. */
  field?: string;
  /** Placeholders of the message: {value}, {expected}… */
  params?: Record<string, string | number>;
}

/** The one error of the readers: a code, and where it was found, so that a message can name both. */
export class FeedError extends Error {
  readonly file: string;
  readonly record: string | undefined;
  readonly field: string | undefined;
  readonly params: Record<string, string | number>;

  constructor(readonly code: FeedErrorCode, details: FeedErrorDetails) {
    super(`${code} in ${details.file}${details.record ? ` (${details.record})` : ''}${details.field ? ` [${details.field}]` : ''}`);
    this.name = 'FeedError';
    this.file = details.file;
    this.record = details.record;
    this.field = details.field;
    this.params = details.params ?? {};
  }
}
