// Dashboard organizations over HTTP: people who sign in (each an owner of their own
// organization with open sign-up), invitations posted through the members page, projects
// made with the dashboard's form, and what the database says about memberships and the
// audit log.
import { randomEmail } from './api';
import { type AppServer, startApp } from './app-server';
import { type Cookies, createProjectInDashboard, signIn, submitForm } from './dashboard';
import { connect, type Sql } from './postgres';

export type Person = { email: string; jar: Cookies; organizationId: string; organizationName: string };

export type DashboardApp = ReturnType<typeof organizationHelpers> & {
  app: AppServer;
  sql: Sql;
  stop: () => Promise<void>;
};

/** Starts the app (fresh database) with `env`, a connection to its database, and the helpers on both. */
export async function startDashboardApp(env: Record<string, string>): Promise<DashboardApp> {
  const app = await startApp({ env });
  const sql = connect(app.databaseUrl ?? '');
  return {
    app,
    sql,
    ...organizationHelpers(() => ({ url: app.url, sql })),
    stop: async () => {
      await sql.end();
      await app.stop();
    },
  };
}

/** The helpers; `on()` names the running app and a database connection to it. */
export function organizationHelpers(on: () => { url: string; sql: Sql }) {
  return {
    /** A new address signs in (open sign-up): its own organization, of which it is the owner. */
    async newOwner(tag: string): Promise<Person> {
      const { url, sql } = on();
      const email = randomEmail(tag);
      const { jar } = await signIn(url, email);
      const [row] = await sql`select o.id, o.name from organizations o join memberships m on m.organization_id = o.id
        join accounts a on a.id = m.account_id where a.email = ${email}`;
      return { email, jar, organizationId: row?.id, organizationName: row?.name };
    },

    /** The owner invites an address on the members page (as member unless a role is given). */
    invite: (owner: Person, email: string, role?: 'owner' | 'member') =>
      submitForm(on().url, owner.jar, '/dashboard/members', 'invite-member', role ? { email, role } : { email }),

    createProject: (person: Person, name: string) => createProjectInDashboard(on().url, person.jar, name),

    membershipsOf: (email: string) =>
      on()
        .sql`select m.organization_id, m.role from memberships m join accounts a on a.id = m.account_id where a.email = ${email}`,

    async auditActions(organizationId: string): Promise<string[]> {
      const rows = await on()
        .sql`select action from audit_events where organization_id = ${organizationId} order by created_at`;
      return rows.map((r) => r.action as string);
    },
  };
}

/** Text without React's empty comments between text parts, apostrophes and ampersands unescaped. */
export const plain = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&');
