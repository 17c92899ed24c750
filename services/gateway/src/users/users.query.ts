import { InclusionSchema, ListUsers, ProfileSchema, RoleSchema, UserSortSchema } from '@sesame/contracts';
import { z } from 'zod';

/** `a,b,c` in a query string → a checked list. */
const commaList = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(200));

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** The query string of GET /users (SPEC §10), turned into the selection of the contract. */
export const UserQuerySchema = z
  .object({
    schoolId: z.uuid().optional(),
    profile: commaList(ProfileSchema).optional(),
    role: commaList(RoleSchema).optional(),
    classId: commaList(z.uuid()).optional(),
    activation: z.enum(['all', 'activated', 'not_activated']).optional(),
    email: z.enum(['all', 'with', 'without']).optional(),
    adminsOnly: flag.optional(),
    createdFrom: z.iso.date().optional(),
    createdTo: z.iso.date().optional(),
    preDeleted: InclusionSchema.optional(),
    deactivated: InclusionSchema.optional(),
    neverDistributed: flag.optional(),
    arrivedSinceRentree: flag.optional(),
    q: z.string().trim().max(100).optional(),
    id: commaList(z.uuid()).optional(),
    importId: z.uuid().optional(),
    sort: UserSortSchema.optional(),
    page: z.coerce.number().int().min(1).max(100_000).optional(),
    pageSize: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict()
  .transform(
    (query): ListUsers => ({
      filter: {
        schoolId: query.schoolId,
        profiles: query.profile,
        roles: query.role,
        classIds: query.classId,
        activation: query.activation === 'all' ? undefined : query.activation,
        email: query.email === 'all' ? undefined : query.email,
        adminsOnly: query.adminsOnly,
        createdFrom: query.createdFrom,
        createdTo: query.createdTo,
        preDeleted: query.preDeleted ?? 'exclude',
        deactivated: query.deactivated ?? 'exclude',
        neverDistributed: query.neverDistributed,
        arrivedSinceRentree: query.arrivedSinceRentree,
        q: query.q || undefined,
        ids: query.id,
        importId: query.importId,
      },
      sort: query.sort ?? 'name',
      page: query.page ?? 1,
      pageSize: query.pageSize ?? 50,
    }),
  );
