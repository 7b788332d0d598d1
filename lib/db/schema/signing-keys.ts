// The keys that sign a project's access tokens (lib/access-tokens). A key is published in
// the project's JWKS from its creation; it signs from `activates_at` until the next key of the
// project activates, and stays published until every token it signed has expired.
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { projects } from './projects';

/** The public half as published in the JWKS: an Ed25519 JWK (`kty` OKP, `crv`, `x`), never `d`. */
export type PublicSigningJwk = { kty: 'OKP'; crv: 'Ed25519'; x: string };

export const signingKeys = pgTable(
  'signing_keys',
  {
    /** The key id (`kid` of the JWT header and the JWK): the RFC 7638 thumbprint of the public key. */
    kid: text('kid').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    publicJwk: jsonb('public_jwk').$type<PublicSigningJwk>().notNull(),
    /**
     * The private key (PKCS#8), sealed with AES-256-GCM under a key derived from SESSION_SECRET
     * for this purpose only, bound to this kid (lib/access-tokens/signing-keys.ts): never in clear.
     */
    sealedPrivateKey: text('sealed_private_key').notNull(),
    /** When it starts signing: at once for a project's first key, later for a rotated one. */
    activatesAt: timestamp('activates_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    // verify and refresh: the project's key that signs now (the latest activated one)
    index('signing_keys_project_activates_idx').on(t.projectId, t.activatesAt),
  ],
);
export type SigningKey = typeof signingKeys.$inferSelect;
