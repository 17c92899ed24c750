import { SCIM_SCHEMAS } from '@sesame/contracts';

/** RFC 7644 §3.12's `scimType` values Sesame answers with. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

/** A SCIM error (RFC 7644 §3.12): its HTTP status, its `scimType` where the RFC names one, a sentence. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
  }

  get body() {
    return { schemas: [SCIM_SCHEMAS.error], status: String(this.status), ...(this.scimType ? { scimType: this.scimType } : {}), detail: this.detail };
  }
}

export const invalidFilter = (detail: string) => new ScimError(400, detail, 'invalidFilter');
export const invalidPath = (detail: string) => new ScimError(400, detail, 'invalidPath');
export const invalidValue = (detail: string) => new ScimError(400, detail, 'invalidValue');
export const invalidSyntax = (detail: string) => new ScimError(400, detail, 'invalidSyntax');
export const mutability = (detail: string) => new ScimError(400, detail, 'mutability');
export const notFound = (id: string) => new ScimError(404, `No resource has the id "${id}" here.`);
