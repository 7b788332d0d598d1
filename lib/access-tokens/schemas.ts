import { z } from 'zod';

/** What verify and refresh answer beside the session: a short-lived signed token and its expiry. */
export const accessTokenFields = {
  accessToken: z.string().meta({
    description:
      "A JWT signed with EdDSA (Ed25519) by the project's current key (`kid` in its header): `iss` this server's APP_URL, `aud` the projectId, `sub` the user's userHash, `email`, `sid` the session's id, `iat`, `exp` (ACCESS_TOKEN_TTL_SECONDS later, 300 by default, never after the session's `expiresAt`). Verify it locally against `GET /projects/{projectId}/jwks.json`. It stays valid until `exp` even if the session is revoked: `GET /session` is the authoritative online check.",
  }),
  accessTokenExpiresAt: z.iso.datetime().meta({ description: 'The `exp` of `accessToken`, as ISO 8601.' }),
};

/** One published key: an Ed25519 public JWK, never a private part. */
export const publicJwkSchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().meta({ description: 'The public key (base64url).' }),
  kid: z.string().meta({ description: 'Matches the `kid` in the header of the tokens this key signs.' }),
  alg: z.literal('EdDSA'),
  use: z.literal('sig'),
});
export type PublicJwk = z.infer<typeof publicJwkSchema>;

/** GET /api/projects/{projectId}/jwks.json */
export const jwksDtoSchema = z.object({
  keys: z.array(publicJwkSchema).meta({
    description:
      'The keys that sign now, the staged next one (published before it signs), and retired ones until every token they signed has expired.',
  }),
});
export type JwksDto = z.infer<typeof jwksDtoSchema>;
