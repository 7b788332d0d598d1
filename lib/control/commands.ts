// Commands the CLI runs: in its own process, or (when `npm run dev` already holds the
// embedded database) inside the app through the control socket (lib/control/server.ts).
import { z } from 'zod';
import { rotateProjectSigningKey } from '../access-tokens/access-tokens';
import { getDatabase } from '../db/client';
import { purgeExpired } from '../housekeeping/purge';
import { createOrganization } from '../organizations/create-organization';
import { emailSchema, uuidSchema } from '../validation';

const commands = {
  'org.create': {
    args: z.object({
      name: z.string({ error: '--name is required' }).trim().min(1, '--name must not be empty').max(100),
      email: emailSchema,
    }),
    run: (args: { name: string; email: string }) => createOrganization({ name: args.name, ownerEmail: args.email }),
  },
  'db.migrate': {
    args: z.object({}),
    // Opening the database applies every pending migration.
    run: async () => {
      const handle = await getDatabase();
      return { migrated: true, database: handle.kind };
    },
  },
  // Staged rotation of a project's signing key: published now, signs after
  // ACCESS_TOKEN_TTL_SECONDS + the JWKS max-age (lib/access-tokens).
  'keys.rotate': {
    args: z.object({ project: uuidSchema }),
    run: (args: { project: string }) => rotateProjectSigningKey(args.project),
  },
  // Purge expired rows now (the server also does it every HOUSEKEEPING_INTERVAL_SECONDS).
  housekeeping: {
    args: z.object({}),
    run: () => purgeExpired(),
  },
} as const;

export type CommandName = keyof typeof commands;

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}

export async function runCommand(name: CommandName, rawArgs: unknown): Promise<unknown> {
  const command = commands[name];
  const parsed = command.args.safeParse(rawArgs);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'args'}: ${i.message}`).join('; '));
  }
  return command.run(parsed.data as never);
}
