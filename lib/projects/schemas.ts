import { z } from 'zod';
import { httpsUrlSchema, optional, originSchema, redirectUrlSchema } from '../validation';

export const MAX_TEMPLATE_BYTES = 100 * 1024;
export const DEFAULT_SESSION_VALID_SECONDS = 3600;

/** Body of POST /api/projects and PUT /api/projects/{projectId}. */
export const createProjectSchema = z.object({
  name: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'must not be empty')
    .max(100, 'must be at most 100 characters'),
  allowedOrigin: originSchema,
  redirectUrl: redirectUrlSchema,
  sessionValidSeconds: z
    .number({ error: 'must be an integer number of seconds' })
    .int('must be an integer number of seconds')
    .min(60, 'must be at least 60')
    .max(31_536_000, 'must be at most 31536000 (one year)')
    .optional()
    .default(DEFAULT_SESSION_VALID_SECONDS),
  emailSubject: optional(
    z
      .string({ error: 'must be a string' })
      .max(200, 'must be at most 200 characters')
      .refine((v) => !/[\r\n]/.test(v), 'must not contain line breaks'),
  ),
  emailTemplate: optional(
    z
      .string({ error: 'must be a string' })
      .refine((v) => Buffer.byteLength(v, 'utf8') <= MAX_TEMPLATE_BYTES, 'must be at most 100 KB')
      .refine((v) => v.includes('{{link}}'), 'must contain {{link}}'),
  ),
  logoUrl: optional(httpsUrlSchema),
});
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

export const projectDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  allowedOrigin: z.string(),
  redirectUrl: z.string(),
  emailTemplate: z.string().nullable(),
  emailSubject: z.string().nullable(),
  logoUrl: z.string().nullable(),
  sessionValidSeconds: z.number().int(),
  clientToken: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ProjectDto = z.infer<typeof projectDtoSchema>;
