import { z } from 'zod';
import { redirectUrlSchema, uuidSchema } from '../validation';

export const policyIds = ['sign_up_sign_in', 'sign_in', 'sign_up'] as const;
export type PolicyId = (typeof policyIds)[number];

/** Body of POST/PUT /api/projects/{projectId}/workflows[/{workflowKey}]. */
export const workflowInputSchema = z.object({
  policyId: z.enum(policyIds, { error: `must be one of ${policyIds.join(', ')}` }),
  clientRedirectUrl: redirectUrlSchema,
  name: z
    .preprocess((v) => (v === '' ? undefined : v), z.string().trim().max(100, 'must be at most 100 characters').optional())
    .transform((v) => v ?? null),
});
export type WorkflowInput = z.infer<typeof workflowInputSchema>;

export const workflowDtoSchema = z.object({
  workflowKey: z.string(),
  projectId: z.string(),
  name: z.string().nullable(),
  policyId: z.enum(policyIds),
  clientRedirectUrl: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type WorkflowDto = z.infer<typeof workflowDtoSchema>;

/** Body of POST /api/uauth/session. */
export const createUAuthSessionSchema = z.object({
  workflowKey: uuidSchema,
  state: z.string().max(512, 'must be at most 512 characters').optional(),
});

export const createUAuthSessionResultSchema = z.object({ getSessionUrl: z.url() });

export const workflowSessionIdSchema = z
  .string()
  .regex(/^[0-9a-f]{32}$/, 'must be 32 lowercase hexadecimal characters');

export const cachedWorkflowSessionDtoSchema = z.object({
  workflowKey: z.string(),
  policyId: z.enum(policyIds),
  clientRedirectUrl: z.string(),
  status: z.enum(['pending', 'completed']),
  expiresAt: z.iso.datetime(),
});
