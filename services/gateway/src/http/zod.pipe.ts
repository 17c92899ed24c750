import { PipeTransform } from '@nestjs/common';
import { ServiceFailure, fieldIssuesFromZod } from '@sesame/contracts';
import type { z } from 'zod';

/** Validates a body (or any argument) with the contract's schema; failures become a 400 with fields. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value ?? {});
    if (!result.success) throw new ServiceFailure('validation_failed', { issues: fieldIssuesFromZod(result.error) });
    return result.data;
  }
}

export const ZodBody = <S extends z.ZodType>(schema: S) => new ZodPipe(schema);
