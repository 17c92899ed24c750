import { INestApplication, applyDecorators } from '@nestjs/common';
import { ApiBody, ApiResponse, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ERROR_STATUS, ErrorCode } from '@sesame/contracts';
import { z } from 'zod';

type SchemaObject = Record<string, unknown>;

/** The OpenAPI form of a contract schema, so the documentation is the contract itself. */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output'): SchemaObject {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io, target: 'openapi-3.0', unrepresentable: 'any' }) as SchemaObject;
  return json;
}

const problemSchema: SchemaObject = {
  type: 'object',
  description: 'application/problem+json (RFC 9457), in French or English after Accept-Language',
  properties: {
    type: { type: 'string', example: 'urn:sesame:problem:validation-failed' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
      },
    },
    instance: { type: 'string' },
    requestId: { type: 'string' },
  },
};

export const ApiBodyFrom = (schema: z.ZodType) => ApiBody({ schema: openApiSchema(schema, 'input') });

export const ApiAnswer = (status: number, description: string, schema?: z.ZodType) =>
  ApiResponse({ status, description, ...(schema ? { schema: openApiSchema(schema, 'output') } : {}) });

/** Documents the problems a route can answer besides its success. */
export const ApiProblems = (...codes: ErrorCode[]) =>
  applyDecorators(
    ...[...new Set(codes.map((code) => ERROR_STATUS[code]))].map((status) =>
      ApiResponse({
        status,
        description: codes.filter((c) => ERROR_STATUS[c] === status).join(', '),
        content: { 'application/problem+json': { schema: problemSchema } },
      }),
    ),
  );

export function setupApiDocs(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Sesame API')
      .setDescription(
        'Creates, imports and distributes the user accounts of an académie. Every call but login, ' +
          'activation and password reset needs a bearer token from POST /api/v1/auth/login. Errors are ' +
          'application/problem+json in French (default) or English (Accept-Language: en).',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
}
