// The one Drizzle schema of UAuth. camelCase keys over snake_case columns.
// Every row that belongs to a tenant carries its organization or project id.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true })
    .defaultNow()
    .notNull()
    .$onUpdate(() => new Date()),
};

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

export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    allowedOrigin: text('allowed_origin').notNull(),
    redirectUrl: text('redirect_url').notNull(),
    sessionValidSeconds: integer('session_valid_seconds').notNull().default(3600),
    emailTemplate: text('email_template'),
    emailSubject: text('email_subject'),
    logoUrl: text('logo_url'),
    /** false: only addresses that already are users of the project can sign in (verify answers 403 sign_up_disabled). */
    allowSignUp: boolean('allow_sign_up').notNull().default(true),
    /** Public (`ck_…`): safe in browser code, so stored as is. */
    clientToken: text('client_token').notNull(),
    /** HMAC key for userHash: stable per project, never leaves the server. */
    userHashKey: text('user_hash_key').notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    // client-token requests: tell "token of another project" (403) from "unknown token" (401)
    uniqueIndex('projects_client_token_key').on(t.clientToken),
    // GET /api/projects: the organization's live projects
    index('projects_organization_idx').on(t.organizationId).where(sql`deleted_at is null`),
  ],
);
export type Project = typeof projects.$inferSelect;

/** End users of a project, created by their first verified challenge. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    userHash: text('user_hash').notNull(),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }).defaultNow().notNull(),
    ...timestamps,
  },
  (t) => [
    // verify: upsert the user of (project, email)
    uniqueIndex('users_project_email_key').on(t.projectId, t.email),
  ],
);
export type User = typeof users.$inferSelect;

/** Magic-link challenges: only the SHA-256 of the code is stored. */
export const challenges = pgTable(
  'challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    codeHash: text('code_hash').notNull(),
    state: text('state'),
    /** Where Continue on the landing page sends the browser (code and state are added). */
    redirectUrl: text('redirect_url').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    /** Set when the email could not be delivered: such a challenge never verifies. */
    failedAt: timestamp('failed_at', { withTimezone: true }),
    /** Sent under a policy that admits existing users only (hosted `sign_in`): verify creates no user. */
    existingUserOnly: boolean('existing_user_only').notNull().default(false),
    /** The hosted-login (UAuth) session this challenge was sent from, if any. */
    hostedLoginId: text('hosted_login_id'),
    ...timestamps,
  },
  (t) => [
    // verify and landing page: find a challenge by its code
    uniqueIndex('challenges_code_hash_key').on(t.codeHash),
    index('challenges_project_created_idx').on(t.projectId, t.createdAt),
    // housekeeping: purge long-expired challenges
    index('challenges_expires_idx').on(t.expiresAt),
  ],
);
export type Challenge = typeof challenges.$inferSelect;

/** End-user sessions: only the SHA-256 of the session code is stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    // GET /api/session and /api/user: find a session by its code
    uniqueIndex('sessions_code_hash_key').on(t.codeHash),
    // dashboard: a user's sessions
    index('sessions_user_idx').on(t.userId),
    // housekeeping: purge long-expired sessions
    index('sessions_expires_idx').on(t.expiresAt),
  ],
);
export type Session = typeof sessions.$inferSelect;

/**
 * Every email UAuth sends: the delivery log, and with the outbox transport the
 * message itself (sealed, since it carries a live sign-in link).
 */
export const emailMessages = pgTable(
  'email_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    transport: text('transport', { enum: ['outbox', 'resend'] }).notNull(),
    status: text('status', { enum: ['pending', 'stored', 'sent', 'failed'] }).notNull(),
    providerMessageId: text('provider_message_id'),
    error: text('error'),
    /** Outbox only: html, text and links, AES-GCM sealed under SESSION_SECRET. */
    sealedContent: text('sealed_content'),
    ...timestamps,
  },
  (t) => [
    // development mailbox: newest messages to an address
    index('email_messages_to_created_idx').on(t.toAddress, t.createdAt),
    // dashboard activity: an organization's recent emails
    index('email_messages_organization_created_idx').on(t.organizationId, t.createdAt),
    // housekeeping: purge the delivery log past EMAIL_RETENTION_DAYS
    index('email_messages_created_idx').on(t.createdAt),
  ],
);
export type EmailMessage = typeof emailMessages.$inferSelect;

/** UAuth workflows: how a project's hosted login page behaves. */
export const workflows = pgTable(
  'workflows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The public identifier apps send (`workflowKey`). */
    workflowKey: uuid('workflow_key').notNull().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name'),
    policyId: text('policy_id', { enum: ['sign_up_sign_in', 'sign_in', 'sign_up'] }).notNull(),
    clientRedirectUrl: text('client_redirect_url').notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    // POST /api/uauth/session: find a workflow by key
    uniqueIndex('workflows_workflow_key_key').on(t.workflowKey),
    // GET /api/projects/{id}/workflows
    index('workflows_project_idx').on(t.projectId),
  ],
);
export type Workflow = typeof workflows.$inferSelect;

/** Hosted logins behind /uauth?sessionId=…: 30 minutes, completed once. */
export const hostedLogins = pgTable(
  'hosted_logins',
  {
    /** 32 lowercase hex characters, as in getSessionUrl. */
    id: text('id').primaryKey(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    workflowId: uuid('workflow_id')
      .notNull()
      .references(() => workflows.id, { onDelete: 'cascade' }),
    state: text('state'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index('hosted_logins_workflow_idx').on(t.workflowId),
    // housekeeping: purge long-expired hosted logins
    index('hosted_logins_expires_idx').on(t.expiresAt),
  ],
);
export type HostedLogin = typeof hostedLogins.$inferSelect;

/**
 * Sliding-window rate-limit counters, shared by every app instance. `key` is the
 * SHA-256 of rule name and subject (address, IP), so no address or IP is stored;
 * `hits` holds the times of the requests inside the longest window.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    hits: timestamp('hits', { withTimezone: true }).array().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // housekeeping: drop counters whose window has passed
    index('rate_limits_expires_idx').on(t.expiresAt),
  ],
);

/** What developers did in the dashboard: keys, projects, templates, members. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    /** Kept as text so the entry survives the account's removal. */
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
