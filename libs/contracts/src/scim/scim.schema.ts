import { z } from 'zod';
import { ProfileSchema } from '../identity/accounts.schema';

/*
 * SCIM 2.0 (RFC 7643, RFC 7644) as Sesame speaks it (issue 18): its server at SCIM_PATH and its
 * pushes to the académie's tools send the same User. Schemas' URNs are wire names: never rename.
 */

export const SCIM_SCHEMAS = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  /** Sesame's extension of the User: profile, schools (UAI) and classes. */
  sesameUser: 'urn:ietf:params:scim:schemas:extension:sesame:2.0:User',
  /** Sesame's extension of the Group: whether it is a school or a class, its UAI or its school. */
  sesameGroup: 'urn:ietf:params:scim:schemas:extension:sesame:2.0:Group',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  searchRequest: 'urn:ietf:params:scim:api:messages:2.0:SearchRequest',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  bulkRequest: 'urn:ietf:params:scim:api:messages:2.0:BulkRequest',
  serviceProviderConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
} as const;

/** RFC 7644 §3.1: the media type of SCIM messages (application/json is accepted too). */
export const SCIM_MEDIA_TYPE = 'application/scim+json';

const reference = z.object({ value: z.string(), display: z.string().optional(), $ref: z.string().optional() });

export const ScimMetaSchema = z.object({
  resourceType: z.enum(['User', 'Group']),
  created: z.iso.datetime({ offset: true }),
  lastModified: z.iso.datetime({ offset: true }),
  location: z.string(),
  /** A weak entity tag (RFC 7232 §2.3), the one the ETag header carries. */
  version: z.string(),
});

/** A Sesame account as a SCIM User (RFC 7643 §4.1, §4.3 and Sesame's extension). */
export const ScimUserSchema = z.object({
  schemas: z.array(z.string()),
  id: z.string(),
  externalId: z.string().optional(),
  userName: z.string(),
  name: z.object({ formatted: z.string().optional(), givenName: z.string().optional(), familyName: z.string().optional() }).optional(),
  displayName: z.string(),
  emails: z.array(z.object({ value: z.string(), type: z.string().optional(), primary: z.boolean().optional() })).optional(),
  active: z.boolean(),
  preferredLanguage: z.string().optional(),
  groups: z.array(reference.extend({ type: z.enum(['direct', 'indirect']).optional() })).optional(),
  [SCIM_SCHEMAS.enterpriseUser]: z.object({ organization: z.string().optional(), department: z.string().optional(), employeeNumber: z.string().optional() }).optional(),
  [SCIM_SCHEMAS.sesameUser]: z
    .object({
      profile: ProfileSchema.optional(),
      schools: z.array(reference.extend({ uai: z.string() })).optional(),
      classes: z.array(reference.extend({ schoolId: z.string() })).optional(),
      activated: z.boolean().optional(),
    })
    .optional(),
  meta: ScimMetaSchema.optional(),
});
export type ScimUser = z.infer<typeof ScimUserSchema>;
