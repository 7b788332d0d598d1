// UAuth's command line: `npm run cli -- org create --name "Acme" --email owner@acme.test`.
// The last line of output is one JSON object. It uses DATABASE_URL like the app, or the
// embedded database: directly when nothing else holds it, through the running app's
// control socket when `npm run dev` does.
import { parseArgs } from 'node:util';
import { isCommandName, runCommand } from '../lib/control/commands';
import { sendControlCommand } from '../lib/control/server';
import { closeDatabase } from '../lib/db/client';
import { embeddedOwner } from '../lib/db/embedded';
import { EnvError, getEnv } from '../lib/env';

const usage = `Usage:
  npm run cli -- org create --name <name> --email <owner email>
  npm run cli -- db migrate
  npm run cli -- keys rotate --project <project id>
                                  stage a new signing key for the project's access tokens: published
                                  at once, signing after ACCESS_TOKEN_TTL_SECONDS + 300 s
  npm run cli -- housekeeping     purge expired challenges, sessions, hosted logins, rate-limit counters,
                                  and emails and audit events past their retention`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      email: { type: 'string' },
      project: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals.slice(0, 2).join('.');
  if (values.help || !isCommandName(command)) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const args =
    command === 'org.create'
      ? { name: values.name, email: values.email }
      : command === 'keys.rotate'
        ? { project: values.project }
        : {};
  const env = getEnv();

  const owner = env.DATABASE_URL ? null : embeddedOwner(env.DATA_DIR);
  let result: unknown;
  if (owner?.controlSocket) {
    console.error(`[uauth] the app (pid ${owner.pid}) holds the embedded database; sending the command to it`);
    result = await sendControlCommand(owner.controlSocket, command, args);
  } else {
    try {
      result = await runCommand(command, args);
    } finally {
      await closeDatabase();
    }
  }
  console.log(JSON.stringify(result));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      `[uauth] ${error instanceof EnvError ? error.message : error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
