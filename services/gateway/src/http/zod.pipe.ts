import { PipeTransform } from '@nestjs/common';
import { ServiceFailure, fieldIssuesFromZod, nulCharacterIssues } from '@sesame/contracts';
import type { z } from 'zod';

/**
 * Validates a body (or any argument: query string, route parameter) with the contract's schema;
 * failures become a 400 with fields. Every input of the API passes here, so NUL characters (which
 * PostgreSQL cannot store) are refused here for all of them, whatever the schema.
 */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const nul = nulCharacterIssues(value);
    if (nul.length) throw new ServiceFailure('validation_failed', { issues: nul });
    const result = this.schema.safeParse(value ?? {});
    if (!result.success) throw new ServiceFailure('validation_failed', { issues: fieldIssuesFromZod(result.error) });
    return result.data;
  }
}

export const ZodBody = <S extends z.ZodType>(schema: S) => new ZodPipe(schema);
