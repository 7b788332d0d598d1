// Start-up of the Next.js server (called from instrumentation.ts): check the
// configuration, open and migrate the database, say where things are.

import { startControlServer } from './control/server';
import { getDatabase } from './db/client';
import { controlSocketPath, EmbeddedDatabaseBusyError } from './db/embedded';
import { type Env, EnvError, getEnv } from './env';
import { isDatabaseUnavailable } from './errors';
import { startHousekeeping } from './housekeeping/purge';
import { log } from './log';
import { installShutdownHandlers } from './shutdown';

export async function startServer(): Promise<void> {
  let env: Env;
  try {
    env = getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      log.error(`${error.message}\n\nSee .env.example for every variable.`);
      process.exit(1);
    }
    throw error;
  }

  try {
    const handle = await getDatabase({ serveControl: true });
    if (handle.kind === 'embedded') startControlServer(controlSocketPath(env.DATA_DIR));
  } catch (error) {
    if (error instanceof EmbeddedDatabaseBusyError) {
      log.error(error.message);
      process.exit(1);
    }
    if (!isDatabaseUnavailable(error)) {
      log.error('could not open the database', { err: error });
      process.exit(1);
    }
    // PostgreSQL is down: start anyway; /api answers 503 until it is back.
    log.error('the database is not reachable yet; requests will answer 503 until it is.');
  }

  installShutdownHandlers();
  // Purges expired rows on a schedule (also when the database was down at start-up:
  // each run opens it on demand).
  startHousekeeping();

  const database = env.DATABASE_URL
    ? `PostgreSQL (${new URL(env.DATABASE_URL).host})`
    : `embedded PGlite (${env.DATA_DIR}/pgdata)`;
  const lines = [
    '',
    `  UAuth is ready at ${env.APP_URL}`,
    `  - Dashboard: ${env.APP_URL}/login`,
    `  - REST API:  ${env.APP_URL}/api`,
    env.MAIL_TRANSPORT === 'outbox'
      ? `  - Mailbox:   ${env.APP_URL}/dev/mailbox   (emails are stored here, not sent)`
      : `  - Email:     sent with Resend from ${env.MAIL_FROM ?? ''}`,
    `  - Database:  ${database}`,
    '  - Create an organization: npm run cli -- org create --name "Acme" --email <your address>',
    '',
  ];
  log.info(lines.join('\n'));
  if (env.MAIL_TRANSPORT === 'outbox' && !env.isLocalAppUrl) {
    // In production this only starts with DEV_MAILBOX=on (lib/env.ts refuses it otherwise).
    log.warn(
      `WARNING: the development mailbox is open at ${env.APP_URL}/dev/mailbox${env.DEV_MAILBOX === 'on' ? ' (DEV_MAILBOX=on)' : ''}: ` +
        'anyone who can reach it reads every sign-in link. Configure Resend (RESEND_API_KEY, MAIL_FROM) before real users sign in.\n',
    );
  }
}
