import { z } from 'zod';
import { ProfileSchema } from './accounts.schema';

const counts = { activated: z.number().int(), notActivated: z.number().int() };

/** Activation of a school's accounts by profile and by class (SPEC §10, /reports/activation). */
export const ActivationReportSchema = z.object({
  schools: z.array(
    z.object({
      id: z.uuid(),
      uai: z.string(),
      name: z.string(),
      ...counts,
      byProfile: z.array(z.object({ profile: ProfileSchema, ...counts })),
      byClass: z.array(z.object({ classId: z.uuid(), name: z.string(), ...counts })),
    }),
  ),
});
export type ActivationReport = z.infer<typeof ActivationReportSchema>;
export const ActivationReportQuerySchema = z.object({ schoolId: z.uuid().optional() });
