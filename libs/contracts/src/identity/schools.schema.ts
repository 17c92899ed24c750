import { z } from 'zod';
import { nameText } from '../text';

/** UAI (unité administrative immatriculée): 7 digits and a check letter, e.g. 0750654D (lycée Henri-IV). */
export const UaiSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^\d{7}[A-Z]$/, { message: 'uai.format' });

export const SchoolViewSchema = z.object({
  id: z.uuid(),
  uai: z.string(),
  name: z.string(),
  city: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type SchoolView = z.infer<typeof SchoolViewSchema>;

export const CreateSchoolSchema = z.object({
  uai: UaiSchema,
  name: nameText(200, 1),
  city: z.string().trim().max(100).optional(),
});

export const ClassViewSchema = z.object({
  id: z.uuid(),
  schoolId: z.uuid(),
  name: z.string(),
});
export type ClassView = z.infer<typeof ClassViewSchema>;

export const CreateClassSchema = z.object({
  schoolId: z.uuid(),
  name: nameText(50, 1),
});
export const SchoolIdSchema = z.object({ schoolId: z.uuid() });
