import { z } from 'zod';
import { emailSchema, uuidSchema } from '../validation';

export const sendChallengeSchema = z.object({
  projectId: uuidSchema,
  emailAddress: emailSchema,
  state: z
    .string()
    .max(512, 'must be at most 512 characters')
    .optional()
    .meta({ description: 'Opaque value handed back as `state` on the redirect (e.g. a CSRF token or a return path).' }),
});

export const verifyChallengeSchema = z.object({
  projectId: uuidSchema,
  challengeCode: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(512, 'must be at most 512 characters')
    .meta({ description: 'The `code` query parameter the landing page added to the project\'s redirectUrl.' }),
});

export const sendChallengeResultSchema = z.object({
  status: z.literal('sent'),
  expiresAt: z.iso.datetime(),
});
