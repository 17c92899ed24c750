import { z } from 'zod';

/*
 * OneRoster 1.2 Rostering, read (1EdTech, "IMS OneRoster Rostering Service REST/JSON Binding Version
 * 1.2", Final Release 2022): the JSON Sesame answers, written once from the published specification,
 * each named by the binding's data type (…DType) or enumeration (…Enum) beside it. Strict objects: a field the binding does not
 * define is an error of Sesame's, which the tests catch.
 */




const dateTime = z.iso.datetime({ offset: true });
const date = z.iso.date();

/** StatusEnum: the status of every record. */
export const OneRosterStatusSchema = z.enum(['active', 'tobedeleted']);

/** GUIDRefDType: a reference to another record, by its address, id and type (GUIDRefTypeEnum). */
export const GuidRefSchema = z
  .object({
    href: z.string(),
    sourcedId: z.string(),
    type: z.enum(['academicSession', 'category', 'class', 'course', 'demographics', 'enrollment', 'gradingPeriod', 'lineItem', 'org', 'resource', 'result', 'student', 'teacher', 'term', 'user']),
  })
  .strict();

/** The fields every record's DType starts with. */
const base = {
  sourcedId: z.string(),
  status: OneRosterStatusSchema,
  dateLastModified: dateTime,
  metadata: z.record(z.string(), z.unknown()).optional(),
};

/** OrgTypeEnum. */
export const OrgTypeSchema = z.enum(['department', 'school', 'district', 'local', 'state', 'national']);

/** OrgDType. */
export const OrgSchema = z
  .object({
    ...base,
    name: z.string(),
    type: OrgTypeSchema,
    identifier: z.string().optional(),
    parent: GuidRefSchema.optional(),
    children: z.array(GuidRefSchema).optional(),
  })
  .strict();

/** SessionTypeEnum. */
export const SessionTypeSchema = z.enum(['gradingPeriod', 'semester', 'schoolYear', 'term']);

/** AcademicSessionDType. `schoolYear` is the year the session ends in (e.g. "2027" for 2026–2027). */
export const AcademicSessionSchema = z
  .object({
    ...base,
    title: z.string(),
    startDate: date,
    endDate: date,
    type: SessionTypeSchema,
    parent: GuidRefSchema.optional(),
    children: z.array(GuidRefSchema).optional(),
    schoolYear: z.string().regex(/^\d{4}$/),
  })
  .strict();

/** CourseDType: Sesame has no courses of its own; each class is taught as one course of its school. */
export const CourseSchema = z
  .object({
    ...base,
    title: z.string(),
    schoolYear: GuidRefSchema.optional(),
    courseCode: z.string().optional(),
    grades: z.array(z.string()).optional(),
    subjects: z.array(z.string()).optional(),
    org: GuidRefSchema,
    subjectCodes: z.array(z.string()).optional(),
    resources: z.array(GuidRefSchema).optional(),
  })
  .strict();

/** ClassTypeEnum. */
export const ClassTypeSchema = z.enum(['homeroom', 'scheduled']);

/** ClassDType. */
export const ClassSchema = z
  .object({
    ...base,
    title: z.string(),
    classCode: z.string().optional(),
    classType: ClassTypeSchema,
    location: z.string().optional(),
    grades: z.array(z.string()).optional(),
    subjects: z.array(z.string()).optional(),
    course: GuidRefSchema,
    school: GuidRefSchema,
    terms: z.array(GuidRefSchema).min(1),
    subjectCodes: z.array(z.string()).optional(),
    periods: z.array(z.string()).optional(),
    resources: z.array(GuidRefSchema).optional(),
  })
  .strict();

/** RoleEnum (1.2). */
export const RoleTypeSchema = z.enum([
  'aide',
  'counselor',
  'districtAdministrator',
  'guardian',
  'parent',
  'principal',
  'proctor',
  'relative',
  'siteAdministrator',
  'student',
  'systemAdministrator',
  'teacher',
]);

/** UserIdDType: an identifier of the user in another system. */
export const OneRosterUserIdSchema = z.object({ type: z.string(), identifier: z.string() }).strict();

/** RoleDType: the user's role in one org. */
export const UserRoleSchema = z
  .object({
    roleType: z.enum(['primary', 'secondary']),
    role: RoleTypeSchema,
    org: GuidRefSchema,
    userProfile: z.string().optional(),
    beginDate: date.optional(),
    endDate: date.optional(),
  })
  .strict();

/** UserDType. */
export const UserSchema = z
  .object({
    ...base,
    userMasterIdentifier: z.string().optional(),
    username: z.string(),
    userIds: z.array(OneRosterUserIdSchema).optional(),
    enabledUser: z.boolean(),
    givenName: z.string(),
    familyName: z.string(),
    middleName: z.string().optional(),
    preferredFirstName: z.string().optional(),
    preferredMiddleName: z.string().optional(),
    preferredLastName: z.string().optional(),
    pronouns: z.string().optional(),
    roles: z.array(UserRoleSchema).min(1),
    userProfiles: z.array(z.unknown()).optional(),
    primaryOrg: GuidRefSchema.optional(),
    identifier: z.string().optional(),
    email: z.string().optional(),
    sms: z.string().optional(),
    phone: z.string().optional(),
    agents: z.array(GuidRefSchema),
    grades: z.array(z.string()).optional(),
    password: z.string().optional(),
    resources: z.array(GuidRefSchema).optional(),
  })
  .strict();

/** EnrollmentDType. */
export const EnrollmentSchema = z
  .object({
    ...base,
    user: GuidRefSchema,
    class: GuidRefSchema,
    school: GuidRefSchema,
    role: z.enum(['administrator', 'proctor', 'student', 'teacher']),
    primary: z.boolean().optional(),
    beginDate: date.optional(),
    endDate: date.optional(),
  })
  .strict();

/** REST binding: one record (`{ "user": {…} }`) or a collection (`{ "users": […] }`). */
const single = <S extends z.ZodType, K extends string>(key: K, schema: S) => z.object({ [key]: schema } as { [P in K]: S }).strict();
const many = <S extends z.ZodType, K extends string>(key: K, schema: S) => z.object({ [key]: z.array(schema) } as { [P in K]: z.ZodArray<S> }).strict();

export const OneRosterPayloads = {
  org: single('org', OrgSchema),
  orgs: many('orgs', OrgSchema),
  academicSession: single('academicSession', AcademicSessionSchema),
  academicSessions: many('academicSessions', AcademicSessionSchema),
  course: single('course', CourseSchema),
  courses: many('courses', CourseSchema),
  class: single('class', ClassSchema),
  classes: many('classes', ClassSchema),
  user: single('user', UserSchema),
  users: many('users', UserSchema),
  enrollment: single('enrollment', EnrollmentSchema),
  enrollments: many('enrollments', EnrollmentSchema),
} as const;

/** imsx_StatusInfoDType: the status report of a failed request. */
export const OneRosterErrorSchema = z
  .object({
    imsx_codeMajor: z.enum(['failure', 'success', 'processing', 'unsupported']),
    imsx_severity: z.enum(['error', 'warning', 'status']),
    imsx_description: z.string(),
    imsx_CodeMinor: z
      .object({
        imsx_codeMinorField: z.array(z.object({ imsx_codeMinorFieldName: z.string(), imsx_codeMinorFieldValue: z.string() }).strict()),
      })
      .strict(),
  })
  .strict();

/** imsx_CodeMinorValueEnum: the minor codes Sesame answers with. */
export const ONEROSTER_CODE_MINOR = [
  'invalid_filter_field',
  'invalid_selection_field',
  'invalid_sort_field',
  'invalid_limit_field',
  'invalid_offset_field',
  'unknownobject',
  'unauthorisedrequest',
  'forbidden',
  'server_busy',
  'internal_server_error',
] as const;
export type OneRosterCodeMinor = (typeof ONEROSTER_CODE_MINOR)[number];

export type OneRosterUser = z.infer<typeof UserSchema>;
export type OneRosterOrg = z.infer<typeof OrgSchema>;
export type OneRosterClass = z.infer<typeof ClassSchema>;
export type OneRosterEnrollment = z.infer<typeof EnrollmentSchema>;
