// Projects and what their end users leave behind: users, challenges (magic links), sessions.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { timestamps } from './timestamps';

export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /**
     * The origins browsers may call the end-user endpoints from (1–20, each `scheme://host[:port]`);
     * the first is the DTO's `allowedOrigin`.
     */
    allowedOrigins: text('allowed_origins').array().notNull(),
    /**
     * Where Continue may send people (1–20 absolute URLs); the first is the default and the
     * DTO's `redirectUrl`, the others are chosen per send (`redirectUrl` of POST /api/challenge/send).
     */
    redirectUrls: text('redirect_urls').array().notNull(),
    /** The absolute lifetime of a session (createdAt + this); refresh never extends beyond it. */
    sessionValidSeconds: integer('session_valid_seconds').notNull().default(3600),
    /** Sliding expiry: a session lasts this long past its creation or last refresh. Null: no sliding. */
    sessionIdleSeconds: integer('session_idle_seconds'),
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
    // CORS preflight without a projectId: is this origin one of a live project's (allowed_origins @> array[origin])
    index('projects_allowed_origins_idx').using('gin', t.allowedOrigins).where(sql`deleted_at is null`),
    // 1–20 entries each: the DTO's allowedOrigin and redirectUrl are the first
    check(
      'projects_list_sizes',
      sql`cardinality(${t.allowedOrigins}) between 1 and 20 and cardinality(${t.redirectUrls}) between 1 and 20`,
    ),
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
    // verify: upsert the user of (project, email); the admin API's ?email= filter
    uniqueIndex('users_project_email_key').on(t.projectId, t.email),
    // the admin API: a user by userHash, and the pages of a project's users (createdAt, then id)
    index('users_project_user_hash_idx').on(t.projectId, t.userHash),
    index('users_project_created_idx').on(t.projectId, t.createdAt, t.id),
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
    /** The hosted login this challenge was sent from, if any. */
    hostedLoginId: text('hosted_login_id'),
    /**
     * The address's userHash in the project (computeUserHash), stored at send time so that
     * verify's statement copies it to the user. Null only in rows sent before the column
     * existed; start-up fills those that can still verify (lib/db/migrate.ts).
     */
    userHash: text('user_hash'),
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
