import { z } from 'zod';
import { httpsUrlSchema, optional, originSchema, redirectUrlSchema, uuidSchema } from '../validation';

export const MAX_TEMPLATE_BYTES = 100 * 1024;
export const DEFAULT_SESSION_VALID_SECONDS = 3600;

/** The fields of a project's settings; createProjectSchema adds the checks across fields. */
const projectSettingsSchema = z.object({
  name: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'must not be empty')
    .max(100, 'must be at most 100 characters')
    .meta({ description: 'Shown on the magic-link landing page and the hosted login page.' }),
  allowedOrigin: originSchema.meta({
    description:
      'The only origin browsers may call the end-user endpoints from (`Origin` header); `https://host[:port]`, plain http only for localhost.',
  }),
  redirectUrl: redirectUrlSchema.meta({
    description:
      'Where Continue on the magic-link landing page sends the user, with `code` (and `state`) added to its query.',
  }),
  sessionValidSeconds: z
    .number({ error: 'must be an integer number of seconds' })
    .int('must be an integer number of seconds')
    .min(60, 'must be at least 60')
    .max(31_536_000, 'must be at most 31536000 (one year)')
    .optional()
    .default(DEFAULT_SESSION_VALID_SECONDS)
    .meta({
      description:
        'The absolute lifetime of a session, in seconds (60 to 31536000): it never lasts beyond createdAt + this, refreshed or not.',
    }),
  sessionIdleSeconds: z
    .number({ error: 'must be an integer number of seconds' })
    .int('must be an integer number of seconds')
    .min(60, 'must be at least 60')
    .max(31_536_000, 'must be at most 31536000 (one year)')
    .nullish()
    .transform((v) => v ?? null)
    .meta({
      description:
        'Sliding expiry, in seconds (60 to sessionValidSeconds): a new session expires this long after it is created, and `POST /session/refresh` moves `expiresAt` to now + this, never beyond createdAt + sessionValidSeconds. Omitted or null: no sliding (a session expires at createdAt + sessionValidSeconds and refresh only issues a new access token).',
    }),
  emailSubject: optional(
    z
      .string({ error: 'must be a string' })
      .max(200, 'must be at most 200 characters')
      .refine((v) => !/[\r\n]/.test(v), 'must not contain line breaks'),
  ).meta({ description: 'Subject of the magic-link email, without line breaks. Omitted, null or "" → the default.' }),
  emailTemplate: optional(
    z
      .string({ error: 'must be a string' })
      .refine((v) => Buffer.byteLength(v, 'utf8') <= MAX_TEMPLATE_BYTES, 'must be at most 100 KB')
      .refine((v) => v.includes('{{link}}'), 'must contain {{link}}'),
  ).meta({
    description:
      'HTML of the magic-link email, at most 100 KB, containing `{{link}}`; may use `{{projectName}}`, `{{emailAddress}}`, `{{expiresInMinutes}}`, `{{logoUrl}}` (every value HTML-escaped). Omitted, null or "" → the default.',
  }),
  logoUrl: optional(httpsUrlSchema).meta({
    description: 'An https URL of the logo shown on the hosted pages and in the email.',
  }),
  allowSignUp: z.boolean({ error: 'must be true or false' }).optional().default(true).meta({
    description:
      'false: only addresses that already are users of the project can sign in. Send still answers 201 for every address but mails nothing to unknown ones; verify answers 403 `sign_up_disabled` for them.',
  }),
});

/** Body of POST /api/projects and PUT /api/projects/{projectId}. */
export const createProjectSchema = projectSettingsSchema.superRefine((project, ctx) => {
  if (project.sessionIdleSeconds !== null && project.sessionIdleSeconds > project.sessionValidSeconds)
    ctx.addIssue({ code: 'custom', path: ['sessionIdleSeconds'], message: 'must not exceed sessionValidSeconds' });
});
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

/** Path parameters of /api/projects/{projectId}…. */
export const projectPathSchema = z.object({ projectId: uuidSchema });

export const projectDtoSchema = z.object({
  id: z.string().meta({ format: 'uuid' }),
  name: z.string(),
  allowedOrigin: z.string(),
  redirectUrl: z.string(),
  emailTemplate: z.string().nullable(),
  emailSubject: z.string().nullable(),
  logoUrl: z.string().nullable(),
  sessionValidSeconds: z.number().int(),
  sessionIdleSeconds: z.number().int().nullable(),
  allowSignUp: z.boolean(),
  clientToken: z
    .string()
    .meta({ description: 'Public token (`ck_…`) that browsers send with `projectId` to the end-user endpoints.' }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ProjectDto = z.infer<typeof projectDtoSchema>;
