import { z } from 'zod';
import { emailSchema, redirectUrlSchema, uuidSchema } from '../validation';

export const sendChallengeSchema = z.object({
  projectId: uuidSchema,
  emailAddress: emailSchema,
  state: z.string().max(512, 'must be at most 512 characters').optional().meta({
    description:
      "Opaque value handed back unchanged as `state` on the redirect to the project's redirectUrl. Bind it to the browser that asked: put a random value in your own cookie and compare it when the user comes back (CSRF). Never a redirect target: do not send the user to a URL taken from `state`.",
  }),
  redirectUrl: redirectUrlSchema.optional().meta({
    description:
      "Where Continue on the landing page leads (with `code` and `state`): one of the project's `redirectUrls` (compared after the same normalization), else 400. Omitted: the project's first redirect URL.",
  }),
});

export const verifyChallengeSchema = z.object({
  projectId: uuidSchema,
  challengeCode: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(512, 'must be at most 512 characters')
    .meta({ description: "The `code` query parameter the landing page added to the project's redirectUrl." }),
});

export const sendChallengeResultSchema = z.object({
  status: z.literal('sent'),
  expiresAt: z.iso.datetime(),
});
