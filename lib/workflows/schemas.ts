import { z } from 'zod';
import { redirectUrlSchema, uuidSchema } from '../validation';

export const policyIds = ['sign_up_sign_in', 'sign_in', 'sign_up'] as const;
export type PolicyId = (typeof policyIds)[number];

/** Body of POST/PUT /api/projects/{projectId}/workflows[/{workflowKey}]. */
export const workflowInputSchema = z.object({
  policyId: z.enum(policyIds, { error: `must be one of ${policyIds.join(', ')}` }).meta({
    description:
      '`sign_up_sign_in`: anyone with the address. `sign_in`: only existing users of the project (others see the same page and get no email). `sign_up`: registration; an existing user is simply signed in.',
  }),
  clientRedirectUrl: redirectUrlSchema.meta({
    description:
      "Where the emailed link finally leads, with `code`, `sessionId` and `state`; must share its origin with one of the project's allowedOrigins or redirectUrls.",
  }),
  name: z
    .preprocess(
      (v) => (v === '' ? undefined : v),
      z.string().trim().max(100, 'must be at most 100 characters').optional(),
    )
    .transform((v) => v ?? null),
});
export type WorkflowInput = z.infer<typeof workflowInputSchema>;

/** Path parameters of /api/projects/{projectId}/workflows/{workflowKey}. */
export const workflowPathSchema = z.object({ projectId: uuidSchema, workflowKey: uuidSchema });

export const workflowDtoSchema = z.object({
  workflowKey: z.string().meta({ format: 'uuid' }),
  projectId: z.string().meta({ format: 'uuid' }),
  name: z.string().nullable(),
  policyId: z.enum(policyIds),
  clientRedirectUrl: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type WorkflowDto = z.infer<typeof workflowDtoSchema>;

/** Body of POST /api/uauth/session. */
export const createHostedLoginSchema = z.object({
  workflowKey: uuidSchema,
  state: z.string().max(512, 'must be at most 512 characters').optional().meta({
    description:
      'Opaque value handed back unchanged as `state` to the clientRedirectUrl. Bind it to the browser that asked: put a random value in your own cookie and compare it when the user comes back (CSRF). Never a redirect target: do not send the user to a URL taken from `state`.',
  }),
});

export const hostedLoginCreatedSchema = z.object({
  getSessionUrl: z.url().meta({
    description: 'The hosted login page, `{APP_URL}/uauth?sessionId={32 lowercase hex}`: redirect the browser there.',
  }),
});

export const hostedLoginIdSchema = z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lowercase hexadecimal characters');

/** Path parameters of /api/uauth/session/{sessionId}. */
export const hostedLoginPathSchema = z.object({ sessionId: hostedLoginIdSchema });

export const hostedLoginDtoSchema = z.object({
  workflowKey: z.string(),
  policyId: z.enum(policyIds),
  clientRedirectUrl: z.string(),
  status: z
    .enum(['pending', 'completed'])
    .meta({ description: '`completed` once a user signed in through it (it completes once).' }),
  expiresAt: z.iso.datetime().meta({ description: 'A hosted login lives 30 minutes.' }),
});
