// Tenants and the people who work in them: organizations, dashboard accounts, memberships,
// invitations, organization secret keys, and the audit log of changes made there.
import { sql } from 'drizzle-orm';
import { type AnyPgColumn, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamps } from './timestamps';

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  ...timestamps,
});
export type Organization = typeof organizations.$inferSelect;

/** Dashboard accounts: a person (one per address), who may belong to several organizations. */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    /** Set by every dashboard sign-in; null for an owner made by the CLI who has not come yet. */
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    /** Sign-out: dashboard cookies issued before this instant no longer sign anyone in. */
    signedOutAt: timestamp('signed_out_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    // dashboard sign-in: find the account of an address
    uniqueIndex('accounts_email_key').on(t.email),
  ],
);
export type Account = typeof accounts.$inferSelect;

/** Who belongs to which organization, and as what. */
export const memberships = pgTable(
  'memberships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['owner', 'member'] }).notNull(),
    ...timestamps,
  },
  (t) => [
    // every dashboard request: the membership of (organization, account); the members page
    uniqueIndex('memberships_organization_account_key').on(t.organizationId, t.accountId),
    // the organization switcher: an account's organizations
    index('memberships_account_idx').on(t.accountId),
  ],
);
export type Membership = typeof memberships.$inferSelect;

/**
 * Invitations: an offer to join an organization, addressed to an email. Nothing joins
 * anyone until the invitee, signed in as that address, accepts it.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role', { enum: ['owner', 'member'] }).notNull(),
    invitedByAccountId: uuid('invited_by_account_id').references(() => accounts.id, { onDelete: 'set null' }),
    /** Kept as text so the invitation still says who sent it after that account is gone. */
    invitedByEmail: text('invited_by_email').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    declinedAt: timestamp('declined_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    // sign-in and the invitee's dashboard: the pending invitations of an address
    index('invitations_pending_email_idx')
      .on(t.email)
      .where(sql`accepted_at is null and declined_at is null and revoked_at is null`),
    // the members page: an organization's invitations
    index('invitations_organization_created_idx').on(t.organizationId, t.createdAt),
    // housekeeping: purge long-expired invitations
    index('invitations_expires_idx').on(t.expiresAt),
  ],
);
export type Invitation = typeof invitations.$inferSelect;

/** Organization secret keys (`sk_…`): only the SHA-256 of the key is stored. */
export const secretKeys = pgTable(
  'secret_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    lastFour: text('last_four').notNull(),
    /** Who made it in the dashboard or the CLI (null once that account is gone). */
    createdByAccountId: uuid('created_by_account_id').references(() => accounts.id, { onDelete: 'set null' }),
    /** The secret key it was made with, when made through the REST API. */
    createdBySecretKeyId: uuid('created_by_secret_key_id').references((): AnyPgColumn => secretKeys.id, {
      onDelete: 'set null',
    }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    // every secret-key request: authenticate by hash
    uniqueIndex('secret_keys_key_hash_key').on(t.keyHash),
    index('secret_keys_organization_idx').on(t.organizationId),
  ],
);
export type SecretKey = typeof secretKeys.$inferSelect;

/** What developers changed, in the dashboard or through the REST API: keys, projects, templates, members. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** The dashboard account that made the change (null for a change made with a secret key). */
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    /** The secret key a REST API change was made with (null for a dashboard change). */
    secretKeyId: uuid('secret_key_id').references(() => secretKeys.id, { onDelete: 'set null' }),
    /**
     * Who, as text that survives the account's or key's removal: the account's address, or
     * "API key sk_…abcd" (the key's last four characters).
     */
    actorEmail: text('actor_email').notNull(),
    /** e.g. `secret_key.created`, `project.deleted`, `member.invited`. */
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    // dashboard activity: an organization's newest events
    index('audit_events_organization_created_idx').on(t.organizationId, t.createdAt),
    // housekeeping: purge audit events past AUDIT_RETENTION_DAYS
    index('audit_events_created_idx').on(t.createdAt),
  ],
);
export type AuditEvent = typeof auditEvents.$inferSelect;
