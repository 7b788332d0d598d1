import { z } from 'zod';

export const sessionDtoSchema = z.object({
  code: z.string(),
  status: z.enum(['active', 'expired', 'revoked']),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type SessionDto = z.infer<typeof sessionDtoSchema>;

export const userDtoSchema = z.object({
  emailAddress: z.string(),
  userHash: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type UserDto = z.infer<typeof userDtoSchema>;

export const verifiedDtoSchema = z.object({
  status: z.literal('verified'),
  session: sessionDtoSchema,
  user: userDtoSchema,
});
