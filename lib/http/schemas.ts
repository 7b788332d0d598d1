// The one error shape of every /api route (RFC 9457 problem details), as a zod schema:
// lib/http/respond.ts builds its bodies with this type and the OpenAPI document
// (lib/openapi/) publishes it.
import { z } from 'zod';
import { type ErrorCode, errorCodes } from '../errors';

const codes = Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]];

export const fieldErrorSchema = z.object({
  path: z.string().meta({ description: 'The field, dotted for nested ones (`(body)` for the body as a whole).' }),
  message: z.string(),
});

export const problemDetailsSchema = z.object({
  type: z.string().meta({ description: '`urn:uauth:error:{code}`', examples: ['urn:uauth:error:validation_failed'] }),
  title: z.string().meta({ description: 'A short summary, the same for every error of this code.' }),
  status: z.number().int().meta({ description: 'The HTTP status code.' }),
  detail: z.string().meta({ description: 'What went wrong in this request, for a developer (never a stack trace).' }),
  code: z.enum(codes).meta({ description: 'Machine-readable error code; each has one status.' }),
  errors: z
    .array(fieldErrorSchema)
    .optional()
    .meta({ description: 'Validation failures (400 validation_failed): one entry per bad field.' }),
});
export type ProblemDetails = z.output<typeof problemDetailsSchema>;
