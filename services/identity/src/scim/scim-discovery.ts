import { PROFILES, SCIM_SCHEMAS } from '@sesame/contracts';

/*
 * The service provider's discovery (RFC 7644 §4): what it supports (ServiceProviderConfig), its
 * resource types and the schemas of their attributes (RFC 7643 §5–§7). Built from the base address.
 */

type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
interface Attribute {
  name: string;
  type: 'string' | 'boolean' | 'dateTime' | 'reference' | 'complex';
  multiValued?: boolean;
  description: string;
  required?: boolean;
  caseExact?: boolean;
  mutability?: Mutability;
  returned?: 'always' | 'never' | 'default' | 'request';
  uniqueness?: 'none' | 'server' | 'global';
  canonicalValues?: readonly string[];
  referenceTypes?: string[];
  subAttributes?: Attribute[];
}

/** An attribute definition with RFC 7643 §7's defaults written out. */
const a = (definition: Attribute): Required<Omit<Attribute, 'subAttributes' | 'canonicalValues' | 'referenceTypes'>> & Pick<Attribute, 'subAttributes' | 'canonicalValues' | 'referenceTypes'> => ({
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...definition,
  ...(definition.subAttributes ? { subAttributes: definition.subAttributes.map(a) } : {}),
});

const USER_ATTRIBUTES = [
  a({ name: 'userName', type: 'string', required: true, caseExact: true, uniqueness: 'server', description: 'The login: Sesame’s rules apply (letters, digits, . _ - \', no look-alike of another login). Case-sensitive. Generated (firstname.lastname) when a new User has none.' }),
  a({ name: 'name', type: 'complex', description: 'The person’s names.', subAttributes: [
    { name: 'formatted', type: 'string', mutability: 'readOnly', description: 'Given and family names, as shown.' },
    { name: 'givenName', type: 'string', description: 'First name.' },
    { name: 'familyName', type: 'string', description: 'Last name.' },
  ] }),
  a({ name: 'displayName', type: 'string', description: 'The name shown; by default the given and family names, else the login.' }),
  a({ name: 'emails', type: 'complex', multiValued: true, description: 'The account’s one email address (type work, primary).', subAttributes: [
    { name: 'value', type: 'string', description: 'The address.' },
    { name: 'type', type: 'string', canonicalValues: ['work'], description: 'Always work.' },
    { name: 'primary', type: 'boolean', description: 'Always true.' },
  ] }),
  a({ name: 'active', type: 'boolean', description: 'False for a deactivated account. Setting false deactivates it (operation deactivate); setting true again is refused: the académie’s manager reactivates.' }),
  a({ name: 'password', type: 'string', mutability: 'writeOnly', returned: 'never', description: 'A new password, checked by Sesame’s password rules. Without one, the account is activated with the code of its letter.' }),
  a({ name: 'preferredLanguage', type: 'string', mutability: 'readOnly', description: 'fr or en: the language the person chose.' }),
  a({ name: 'groups', type: 'complex', multiValued: true, mutability: 'readOnly', description: 'The schools and classes of the account (Groups).', subAttributes: [
    { name: 'value', type: 'string', mutability: 'readOnly', description: 'The Group’s id.' },
    { name: '$ref', type: 'reference', referenceTypes: ['Group'], mutability: 'readOnly', description: 'The Group’s address.' },
    { name: 'display', type: 'string', mutability: 'readOnly', description: 'The school’s or class’s name.' },
    { name: 'type', type: 'string', canonicalValues: ['direct'], mutability: 'readOnly', description: 'direct.' },
  ] }),
];

const ENTERPRISE_ATTRIBUTES = [
  a({ name: 'organization', type: 'string', mutability: 'readOnly', description: 'The académie.' }),
  a({ name: 'department', type: 'string', mutability: 'readOnly', description: 'The UAI of the account’s first school (in UAI order).' }),
];

const SESAME_USER_ATTRIBUTES = [
  a({ name: 'profile', type: 'string', caseExact: true, canonicalValues: PROFILES, description: 'Required on creation: student, relative (a parent), teacher, personnel or guest.' }),
  a({ name: 'schools', type: 'complex', multiValued: true, description: 'The account’s schools, by id (a relative’s include its children’s).', subAttributes: [
    { name: 'value', type: 'string', caseExact: true, description: 'The school’s id (its Group id).' },
    { name: 'uai', type: 'string', mutability: 'readOnly', description: 'The school’s UAI.' },
    { name: 'display', type: 'string', mutability: 'readOnly', description: 'The school’s name.' },
  ] }),
  a({ name: 'classes', type: 'complex', multiValued: true, description: 'The account’s classes, by id.', subAttributes: [
    { name: 'value', type: 'string', caseExact: true, description: 'The class’s id (its Group id).' },
    { name: 'schoolId', type: 'string', mutability: 'readOnly', description: 'The class’s school.' },
    { name: 'display', type: 'string', mutability: 'readOnly', description: 'The class’s name.' },
  ] }),
  a({ name: 'activated', type: 'boolean', mutability: 'readOnly', description: 'Whether the person has activated the account (chosen a password).' }),
];

const GROUP_ATTRIBUTES = [
  a({ name: 'displayName', type: 'string', required: true, mutability: 'readOnly', description: 'The school’s or class’s name.' }),
  a({ name: 'members', type: 'complex', multiValued: true, mutability: 'readOnly', description: 'The Users of the school or class that this client reaches.', subAttributes: [
    { name: 'value', type: 'string', mutability: 'readOnly', description: 'The User’s id.' },
    { name: '$ref', type: 'reference', referenceTypes: ['User'], mutability: 'readOnly', description: 'The User’s address.' },
    { name: 'display', type: 'string', mutability: 'readOnly', description: 'The User’s name.' },
    { name: 'type', type: 'string', canonicalValues: ['User'], mutability: 'readOnly', description: 'User.' },
  ] }),
];

const SESAME_GROUP_ATTRIBUTES = [
  a({ name: 'kind', type: 'string', caseExact: true, canonicalValues: ['school', 'class'], mutability: 'readOnly', description: 'A school or a class.' }),
  a({ name: 'uai', type: 'string', mutability: 'readOnly', description: 'The school’s UAI (a class’s school’s).' }),
  a({ name: 'schoolId', type: 'string', mutability: 'readOnly', description: 'A class’s school (its Group id).' }),
];

const SCHEMAS = [
  { id: SCIM_SCHEMAS.user, name: 'User', description: 'A Sesame account (a member of the académie’s schools).', attributes: USER_ATTRIBUTES },
  { id: SCIM_SCHEMAS.enterpriseUser, name: 'EnterpriseUser', description: 'The académie and the school of the account.', attributes: ENTERPRISE_ATTRIBUTES },
  { id: SCIM_SCHEMAS.sesameUser, name: 'SesameUser', description: 'Sesame’s extension: profile, schools and classes.', attributes: SESAME_USER_ATTRIBUTES },
  { id: SCIM_SCHEMAS.group, name: 'Group', description: 'A school or a class (read-only).', attributes: GROUP_ATTRIBUTES },
  { id: SCIM_SCHEMAS.sesameGroup, name: 'SesameGroup', description: 'Sesame’s extension of a Group: school or class, UAI.', attributes: SESAME_GROUP_ATTRIBUTES },
];

export function schemas(baseUrl: string) {
  return SCHEMAS.map((schema) => ({ schemas: [SCIM_SCHEMAS.schema], ...schema, meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` } }));
}

export function resourceTypes(baseUrl: string) {
  return [
    {
      schemas: [SCIM_SCHEMAS.resourceType],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'The member accounts of the schools and profiles this client reaches.',
      schema: SCIM_SCHEMAS.user,
      schemaExtensions: [
        { schema: SCIM_SCHEMAS.enterpriseUser, required: false },
        { schema: SCIM_SCHEMAS.sesameUser, required: true },
      ],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [SCIM_SCHEMAS.resourceType],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'The schools and classes this client reaches (read-only: memberships change on the User).',
      schema: SCIM_SCHEMAS.group,
      schemaExtensions: [{ schema: SCIM_SCHEMAS.sesameGroup, required: true }],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

export function serviceProviderConfig(baseUrl: string, maxResults: number, docsUrl: string) {
  return {
    schemas: [SCIM_SCHEMAS.serviceProviderConfig],
    documentationUri: docsUrl,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults },
    changePassword: { supported: true },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'An access token of Sesame’s OpenID Connect provider for a machine client (client credentials grant, scope "scim").',
        specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}
