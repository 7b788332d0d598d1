// Organization secret keys in the REST API (GET/POST /api/keys, DELETE /api/keys/{keyId}) and
// the dashboard's keys page: what a request may send and what a key looks like in an answer.
import { z } from 'zod';
import { uuidSchema } from '../validation';

/** Body of POST /api/keys, and the dashboard's "Create a key" form. */
export const createSecretKeySchema = z.object({
  name: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'must not be empty')
    .max(100, 'must be at most 100 characters')
    .meta({ description: 'What the key is for, e.g. "Production server" (1–100 characters).' }),
});

/** Path parameters of /api/keys/{keyId}. */
export const secretKeyPathSchema = z.object({ keyId: uuidSchema });

export const secretKeyDtoSchema = z.object({
  id: z.string().meta({ format: 'uuid' }),
  name: z.string(),
  lastFour: z
    .string()
    .meta({ description: 'The last four characters of the key (`sk_…abcd`); the key itself is never shown again.' }),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso
    .datetime()
    .nullable()
    .meta({ description: 'When a request last used it (recorded at most once an hour); null: never.' }),
  revokedAt: z.iso.datetime().nullable().meta({ description: 'When it was revoked; null: active.' }),
  createdBy: z.string().nullable().meta({
    description:
      'Who made it: the dashboard account\'s email address, or "API key sk_…abcd" for a key made through this API; null when that account no longer exists.',
  }),
});
export type SecretKeyDto = z.infer<typeof secretKeyDtoSchema>;

export const createdSecretKeyDtoSchema = secretKeyDtoSchema.extend({
  secretToken: z.string().meta({
    description: 'The new key `sk_…`, shown this once: store it now (only its SHA-256 is kept). It works at once.',
  }),
});
export type CreatedSecretKeyDto = z.infer<typeof createdSecretKeyDtoSchema>;
