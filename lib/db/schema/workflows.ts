// Workflows (a project's hosted-login configuration) and the hosted logins started with them.
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { projects } from './projects';
import { timestamps } from './timestamps';

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
