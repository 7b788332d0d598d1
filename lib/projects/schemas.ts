import { z } from 'zod';
import { httpsUrlSchema, optional, originSchema, redirectUrlSchema, uuidSchema } from '../validation';

export const MAX_TEMPLATE_BYTES = 100 * 1024;
export const DEFAULT_SESSION_VALID_SECONDS = 3600;

/** How many origins, and how many redirect URLs, a project may have. */
export const MAX_PROJECT_LIST_ENTRIES = 20;

/** A project's list of origins or redirect URLs, each entry validated like the single field. */
function listSchema<S extends z.ZodType<string, string>>(entry: S, what: string) {
  return z
    .array(entry, { error: `must be an array of ${what}` })
    .min(1, 'must have at least one entry')
    .max(MAX_PROJECT_LIST_ENTRIES, `must have at most ${MAX_PROJECT_LIST_ENTRIES} entries`);
}

/** The two forms of each list: the single field (first entry) and the list itself. */
const listPairs = [
  { single: 'allowedOrigin', list: 'allowedOrigins' },
  { single: 'redirectUrl', list: 'redirectUrls' },
] as const;
export type ProjectListField = (typeof listPairs)[number]['list'];

const listRules = (single: string, list: string) =>
  `\`${single}\` alone: the list is \`[${single}]\` on POST; on PUT it replaces the first entry and the project's other entries stay after it (so a client that knows only \`${single}\` does not drop entries added elsewhere). \`${list}\` alone: the whole list. Both: \`${single}\` first, then \`${list}\`, duplicates removed. At least one of the two is required; 1–${MAX_PROJECT_LIST_ENTRIES} entries.`;

const projectFieldsSchema = z
  .object({
    name: z
      .string({ error: 'is required' })
      .trim()
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters')
      .meta({ description: 'Shown on the magic-link landing page and the hosted login page.' }),
    allowedOrigin: originSchema.optional().meta({
      description: `The first of \`allowedOrigins\`: an origin browsers may call the end-user endpoints from (\`Origin\` header); \`https://host[:port]\`, plain http only for localhost. ${listRules('allowedOrigin', 'allowedOrigins')}`,
    }),
    allowedOrigins: listSchema(originSchema, 'origins')
      .optional()
      .meta({
        description: `Every origin browsers may call the end-user endpoints from (\`Origin\` header), each as \`allowedOrigin\`: production, staging, previews, local development. ${listRules('allowedOrigin', 'allowedOrigins')}`,
      }),
    redirectUrl: redirectUrlSchema.optional().meta({
      description: `The first of \`redirectUrls\`, where Continue on the magic-link landing page sends the user (with \`code\` and \`state\` added to its query) unless a send names another. ${listRules('redirectUrl', 'redirectUrls')}`,
    }),
    redirectUrls: listSchema(redirectUrlSchema, 'URLs')
      .optional()
      .meta({
        description: `Every URL Continue may lead to, each as \`redirectUrl\`. \`POST /challenge/send\` may name one of them as its \`redirectUrl\`; without, the first. ${listRules('redirectUrl', 'redirectUrls')}`,
      }),
    sessionValidSeconds: z
      .number({ error: 'must be an integer number of seconds' })
      .int('must be an integer number of seconds')
      .min(60, 'must be at least 60')
      .max(31_536_000, 'must be at most 31536000 (one year)')
      .optional()
      .default(DEFAULT_SESSION_VALID_SECONDS)
      .meta({
        description:
          'The absolute lifetime of a session, in seconds (60 to 31536000): it never lasts beyond createdAt + this, refreshed or not.',
      }),
    sessionIdleSeconds: z
      .number({ error: 'must be an integer number of seconds' })
      .int('must be an integer number of seconds')
      .min(60, 'must be at least 60')
      .max(31_536_000, 'must be at most 31536000 (one year)')
      .nullish()
      .transform((v) => v ?? null)
      .meta({
        description:
          'Sliding expiry, in seconds (60 to sessionValidSeconds): a new session expires this long after it is created, and `POST /session/refresh` moves `expiresAt` to now + this, never beyond createdAt + sessionValidSeconds. Omitted or null: no sliding (a session expires at createdAt + sessionValidSeconds and refresh only issues a new access token).',
      }),
    emailSubject: optional(
      z
        .string({ error: 'must be a string' })
        .max(200, 'must be at most 200 characters')
        .refine((v) => !/[\r\n]/.test(v), 'must not contain line breaks'),
    ).meta({ description: 'Subject of the magic-link email, without line breaks. Omitted, null or "" → the default.' }),
    emailTemplate: optional(
      z
        .string({ error: 'must be a string' })
        .refine((v) => Buffer.byteLength(v, 'utf8') <= MAX_TEMPLATE_BYTES, 'must be at most 100 KB')
        .refine((v) => v.includes('{{link}}'), 'must contain {{link}}'),
    ).meta({
      description:
        'HTML of the magic-link email, at most 100 KB, containing `{{link}}`; may use `{{projectName}}`, `{{emailAddress}}`, `{{expiresInMinutes}}`, `{{logoUrl}}` (every value HTML-escaped). Omitted, null or "" → the default.',
    }),
    logoUrl: optional(httpsUrlSchema).meta({
      description: 'An https URL of the logo shown on the hosted pages and in the email.',
    }),
    allowSignUp: z.boolean({ error: 'must be true or false' }).optional().default(true).meta({
      description:
        'false: only addresses that already are users of the project can sign in. Send still answers 201 for every address but mails nothing to unknown ones; verify answers 403 `sign_up_disabled` for them.',
    }),
  })
  // Every list needs one of its two forms; checked even when other fields failed, so that a
  // 400 names every bad field at once.
  .superRefine(
    (value, ctx) => {
      for (const { single, list } of listPairs) {
        if (value[single] === undefined && value[list] === undefined)
          ctx.addIssue({ code: 'custom', path: [single], message: `is required (or ${list})` });
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  )
  .meta({
    // what the refinement above requires, for OpenAPI readers
    allOf: listPairs.map(({ single, list }) => ({ anyOf: [{ required: [single] }, { required: [list] }] })),
  });

/** Both forms of a list as one list: the single field first, duplicates removed. */
function mergedList(single: string | undefined, list: readonly string[] | undefined): string[] {
  return [...new Set([...(single === undefined ? [] : [single]), ...(list ?? [])])];
}

/**
 * Body of POST /api/projects and PUT /api/projects/{projectId}, parsed to what a project
 * stores: each list as one array (its single field first). `singleOnly` names the lists that
 * were sent only as their single field: updateProject then keeps the project's other entries
 * after it.
 */
export const createProjectSchema = projectFieldsSchema.transform((value, ctx) => {
  const { allowedOrigin, allowedOrigins, redirectUrl, redirectUrls, ...settings } = value;
  const lists = {
    allowedOrigins: mergedList(allowedOrigin, allowedOrigins),
    redirectUrls: mergedList(redirectUrl, redirectUrls),
  };
  for (const { list } of listPairs) {
    if (lists[list].length > MAX_PROJECT_LIST_ENTRIES)
      ctx.addIssue({
        code: 'custom',
        path: [list],
        message: `must have at most ${MAX_PROJECT_LIST_ENTRIES} entries, the single field included`,
      });
  }
  if (settings.sessionIdleSeconds !== null && settings.sessionIdleSeconds > settings.sessionValidSeconds)
    ctx.addIssue({ code: 'custom', path: ['sessionIdleSeconds'], message: 'must not exceed sessionValidSeconds' });
  const singleOnly: ProjectListField[] = listPairs
    .filter(({ single, list }) => value[single] !== undefined && value[list] === undefined)
    .map(({ list }) => list);
  return { ...settings, ...lists, singleOnly };
});
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

/** Path parameters of /api/projects/{projectId}…. */
export const projectPathSchema = z.object({ projectId: uuidSchema });

export const projectDtoSchema = z.object({
  id: z.string().meta({ format: 'uuid' }),
  name: z.string(),
  allowedOrigin: z.string().meta({ description: 'The first of `allowedOrigins` (for clients that know one origin).' }),
  allowedOrigins: z
    .array(z.string())
    .meta({ description: 'The origins browsers may call the end-user endpoints from (1–20).' }),
  redirectUrl: z
    .string()
    .meta({ description: 'The first of `redirectUrls`: where Continue leads when a send names none.' }),
  redirectUrls: z.array(z.string()).meta({ description: 'The URLs Continue may lead to (1–20).' }),
  emailTemplate: z.string().nullable(),
  emailSubject: z.string().nullable(),
  logoUrl: z.string().nullable(),
  sessionValidSeconds: z.number().int(),
  sessionIdleSeconds: z.number().int().nullable(),
  allowSignUp: z.boolean(),
  clientToken: z
    .string()
    .meta({ description: 'Public token (`ck_…`) that browsers send with `projectId` to the end-user endpoints.' }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ProjectDto = z.infer<typeof projectDtoSchema>;
