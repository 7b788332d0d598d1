// The OpenAPI 3.1 document of the REST API, generated from the zod schemas in
// lib/**/schemas.ts through the operation table in ./operations.ts. Built once, lazily,
// on the first GET /api/openapi.json (never on the request path of other routes).
import { z } from 'zod';
import packageJson from '../../package.json';
import { type ErrorCode, errorCodes, errorTitles } from '../errors';
import { problemDetailsSchema } from '../http/schemas';
import { type NamedSchema, type Operation, operations } from './operations';

type JsonSchema = Record<string, unknown>;
type JsonObject = Record<string, unknown>;

const SCHEMA_REF = '#/components/schemas/';

/** Error responses, one per status; `codes` are filled in from lib/errors.ts. */
const errorResponses: Record<number, { name: string; description: string; retryAfter?: boolean }> = {
  400: {
    name: 'BadRequest',
    description: 'Malformed input: a missing or invalid field, a bad UUID or email, a body that is not JSON.',
  },
  401: { name: 'Unauthorized', description: 'No credential, or an unknown one.' },
  403: {
    name: 'Forbidden',
    description:
      "A known credential that may not do this: a client token of another project, an `Origin` that is not the project's allowedOrigin, a session that is expired or revoked (on `/user`), a sign-in of an address that is not a user where sign-up is off (`sign_up_disabled`, on verify).",
  },
  404: {
    name: 'NotFound',
    description: "No such object for this caller (another organization's object is 404, not 403).",
  },
  409: {
    name: 'Conflict',
    description:
      'Challenge code already used (or its hosted-login session already completed); (hosted login) the workflow is not valid for this organization or was deleted; a limit such as the number of projects is reached.',
  },
  410: {
    name: 'Gone',
    description:
      'The challenge code has expired (after 15 minutes), or its hosted-login session has (after 30 minutes).',
  },
  413: { name: 'PayloadTooLarge', description: 'The request body is larger than 1 MB.' },
  424: {
    name: 'FailedDependency',
    description:
      "Dependent workflow exception: the workflow's project is gone, or its clientRedirectUrl is no longer on the project's allowedOrigin or redirectUrl origin.",
  },
  429: { name: 'TooManyRequests', description: 'Rate limited: wait for `Retry-After` seconds.', retryAfter: true },
  500: { name: 'InternalError', description: 'Something went wrong on our side; it has been logged.' },
  502: {
    name: 'BadGateway',
    description: 'The email provider refused the message or did not answer; nothing half-done is left usable.',
  },
  503: {
    name: 'ServiceUnavailable',
    description: 'The database cannot be reached: retry after `Retry-After` seconds.',
    retryAfter: true,
  },
};

/** Every operation may answer these. */
const ALWAYS = [500, 503];

const securitySchemes = {
  secretKeyHeader: {
    type: 'apiKey',
    in: 'header',
    name: 'x-upid-organization-key',
    description: 'Organization secret key `sk_…`, for your server only (projects, workflows, hosted login).',
  },
  secretKeyBearer: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'sk_…',
    description: 'The organization secret key as `Authorization: Bearer sk_…`.',
  },
  secretKeyQuery: {
    type: 'apiKey',
    in: 'query',
    name: 'secretToken',
    description:
      "The organization secret key as `?secretToken=sk_…` (the seed's form; prefer a header: URLs end up in logs).",
  },
  clientTokenQuery: {
    type: 'apiKey',
    in: 'query',
    name: 'clientToken',
    description:
      'Project client token `ck_…`, public (safe in browser code), always together with `projectId`. May also be a JSON body field `clientToken`.',
  },
  clientTokenHeader: {
    type: 'apiKey',
    in: 'header',
    name: 'x-client-token',
    description: 'The project client token as a header, together with `projectId`.',
  },
  sessionCodeBearer: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'session code',
    description: 'The session code as `Authorization: Bearer …` (instead of the `sessionCode` parameter).',
  },
} as const;

const security: Record<Operation['credential'], Array<Record<string, string[]>>> = {
  secretKey: [{ secretKeyHeader: [] }, { secretKeyBearer: [] }, { secretKeyQuery: [] }],
  clientToken: [{ clientTokenQuery: [] }, { clientTokenHeader: [] }],
  clientTokenOrSecretKey: [
    { clientTokenQuery: [] },
    { clientTokenHeader: [] },
    { secretKeyHeader: [] },
    { secretKeyBearer: [] },
    { secretKeyQuery: [] },
  ],
  clientTokenAndSession: [
    { clientTokenQuery: [] },
    { clientTokenHeader: [] },
    { clientTokenQuery: [], sessionCodeBearer: [] },
    { clientTokenHeader: [], sessionCodeBearer: [] },
  ],
  none: [],
};

const description = `
UAuth is passwordless sign-in with email magic links. Every request and response body is JSON.

## Credentials
| credential | who holds it | how it is sent |
|---|---|---|
| organization secret key \`sk_…\` | your server | header \`x-upid-organization-key\`, \`Authorization: Bearer sk_…\`, or query \`secretToken\` (also accepted by \`POST /challenge/send\`, with \`projectId\`) |
| project client token \`ck_…\` | safe in browser code | query or JSON body \`clientToken\` (or header \`x-client-token\`), always with \`projectId\` |
| challenge code | the end user, one use | \`challengeCode\`, query or JSON body |
| session code | your app, for the end user | \`sessionCode\`, query or JSON body (or \`Authorization: Bearer\`) |

The end-user endpoints (\`/challenge/*\`, \`/session\`, \`/user\`) take every parameter in the query
string (as in the original API) **or** in a JSON body. A browser request that carries an \`Origin\` header must
come from the project's \`allowedOrigin\` (else 403); its response then carries
\`Access-Control-Allow-Origin\` for exactly that origin. \`OPTIONS\` preflights are answered. (Trying
those endpoints from this page sends this page's origin: it works for a project whose allowedOrigin is
this server's origin, or from curl.)

## Sign-in flows
1. **Your own form**: \`POST /challenge/send\` → the user opens the emailed link and presses Continue →
   your \`redirectUrl?code=…&state=…\` → your server calls \`POST /challenge/verify\` and keeps
   \`session.code\` (e.g. in an HttpOnly cookie).
2. **Hosted login page**: your server calls \`POST /uauth/session\` with a workflow and redirects the
   browser to \`getSessionUrl\`; the emailed link ends on the workflow's \`clientRedirectUrl?code=…&sessionId=…&state=…\`;
   verify the code the same way.

## Sessions: expiry, revocation, "refresh"
On every page load your server calls \`GET /session\` (200 whatever the status) or \`GET /user\`
(403 \`session_inactive\` unless active). A session is \`active\` until \`expiresAt\` (creation +
the project's \`sessionValidSeconds\`, never extended), \`revoked\` after \`DELETE /session\` (sign-out)
and gone (404) once its project is deleted. **Expired and revoked are final**: drop the session code
(clear the cookie), treat the user as signed out and send them through sign-in again. There are no
refresh tokens; choose \`sessionValidSeconds\` (up to one year) for how long users stay signed in.

## Errors
RFC 9457 problem details (\`application/problem+json\`): \`type\`, \`title\`, \`status\`, \`detail\`,
\`code\`, plus \`errors[{path, message}]\` for validation failures. An unknown path under \`/api\`
answers 404 and an unsupported method 405, both problem JSON; 429 and 503 carry \`Retry-After\`.
`.trim();

/**
 * Removes noise zod adds for OpenAPI readers (datetime regexes, ±2^53 integer bounds) and
 * the closed-object marker of response schemas: responses may gain fields (API.md: extras allowed).
 */
function tidy(json: JsonSchema, io: 'input' | 'output'): void {
  if (io === 'output' && json.additionalProperties === false) delete json.additionalProperties;
  if (json.format === 'date-time') delete json.pattern;
  if (json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum;
  if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum;
}

function stripTopLevel(json: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = json;
  return rest;
}

/** components.schemas for named schemas, in one direction (request = input, response = output). */
function componentSchemas(named: NamedSchema[], io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const { name, schema } of named) registry.add(schema, { id: name });
  const { schemas } = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri: (id) => `${SCHEMA_REF}${id}`,
    override: (ctx) => tidy(ctx.jsonSchema as JsonSchema, io),
  });
  const result: Record<string, JsonSchema> = {};
  for (const [name, json] of Object.entries(schemas)) result[name] = stripTopLevel(json as JsonSchema);
  return result;
}

function inlineSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return stripTopLevel(
    z.toJSONSchema(schema, {
      io,
      target: 'draft-2020-12',
      unrepresentable: 'any',
      override: (ctx) => tidy(ctx.jsonSchema as JsonSchema, io),
    }) as JsonSchema,
  );
}

function uniqueNamed(list: Array<NamedSchema | undefined>): NamedSchema[] {
  const byName = new Map<string, NamedSchema>();
  for (const item of list) {
    if (!item) continue;
    const seen = byName.get(item.name);
    if (seen && seen.schema !== item.schema) throw new Error(`Two different schemas are both named ${item.name}`);
    byName.set(item.name, item);
  }
  return [...byName.values()];
}

type Parameter = {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
};

/** One parameter per property of an object schema. */
function parametersOf(
  objectJson: JsonSchema,
  where: 'path' | 'query',
  options: { alsoInBody?: boolean; skip?: string[] } = {},
): Parameter[] {
  const properties = (objectJson.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((objectJson.required ?? []) as string[]);
  return Object.entries(properties)
    .filter(([name]) => !options.skip?.includes(name))
    .map(([name, schema]) => {
      const { description: text, ...rest } = schema;
      const isRequired = required.has(name);
      const notes = [
        options.alsoInBody && isRequired ? 'Required, here or in the JSON body.' : undefined,
        options.alsoInBody && !isRequired ? 'May also be sent in the JSON body.' : undefined,
        typeof text === 'string' ? text : undefined,
      ].filter(Boolean);
      const parameter: Parameter = {
        name,
        in: where,
        required: where === 'path' ? true : options.alsoInBody ? false : isRequired,
        schema: rest,
      };
      if (notes.length) parameter.description = notes.join(' ');
      return parameter;
    });
}

function jsonContent(schema: JsonSchema) {
  return { 'application/json': { schema } };
}

function responseRef(status: number): { $ref: string } {
  const entry = errorResponses[status];
  if (!entry) throw new Error(`No error response for status ${status}`);
  return { $ref: `#/components/responses/${entry.name}` };
}

function buildOperation(operation: Operation, inputs: Record<string, JsonSchema>): JsonObject {
  const parameters: Parameter[] = [];
  if (operation.pathParams) parameters.push(...parametersOf(inlineSchema(operation.pathParams, 'input'), 'path'));
  if (operation.query) parameters.push(...parametersOf(inlineSchema(operation.query, 'input'), 'query'));
  if (operation.queryOrBody) {
    const json = inputs[operation.queryOrBody.name];
    if (!json) throw new Error(`missing component ${operation.queryOrBody.name}`);
    // clientToken is a security scheme (query or header), not repeated as a parameter.
    parameters.push(...parametersOf(json, 'query', { alsoInBody: true, skip: ['clientToken'] }));
  }
  for (const header of operation.headers ?? []) {
    parameters.push({
      name: header.name,
      in: 'header',
      required: false,
      description: header.description,
      schema: inlineSchema(header.schema, 'input'),
    });
  }

  const result: JsonObject = {
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    security: security[operation.credential],
  };
  if (operation.description) result.description = operation.description;
  if (parameters.length) result.parameters = parameters;
  if (operation.body) {
    result.requestBody = { required: true, content: jsonContent({ $ref: `${SCHEMA_REF}${operation.body.name}` }) };
  } else if (operation.queryOrBody) {
    result.requestBody = {
      required: false,
      description: 'The same fields as the query parameters, as a JSON object (the body wins over the query).',
      content: jsonContent({ $ref: `${SCHEMA_REF}${operation.queryOrBody.name}` }),
    };
  }

  const responses: JsonObject = {};
  const { success } = operation;
  if (success.schema) {
    const ref = { $ref: `${SCHEMA_REF}${success.schema.name}` };
    const response: JsonObject = {
      description: success.description,
      content: jsonContent(success.list ? { type: 'array', items: ref } : ref),
    };
    if (success.headers) {
      response.headers = Object.fromEntries(
        Object.entries(success.headers).map(([name, text]) => [
          name,
          { description: text, schema: { type: 'string' } },
        ]),
      );
    }
    responses[success.status] = response;
  } else if (success.status === 204) {
    responses[204] = { description: success.description };
  } else {
    responses[success.status] = { description: success.description, content: jsonContent({ type: 'object' }) };
  }
  for (const status of [...operation.errors, ...ALWAYS].sort((a, b) => a - b)) responses[status] = responseRef(status);
  result.responses = responses;
  return result;
}

function codesFor(status: number): ErrorCode[] {
  return (Object.keys(errorCodes) as ErrorCode[]).filter((code) => errorCodes[code] === status);
}

export function buildOpenApiDocument(): JsonObject {
  const inputNamed = uniqueNamed(operations.flatMap((op) => [op.body, op.queryOrBody]));
  const outputNamed = uniqueNamed([
    ...operations.map((op) => op.success.schema),
    { name: 'ProblemDetails', schema: problemDetailsSchema },
  ]);
  const inputs = componentSchemas(inputNamed, 'input');
  const outputs = componentSchemas(outputNamed, 'output');
  for (const name of Object.keys(inputs)) {
    if (name in outputs) throw new Error(`Schema ${name} is both a request and a response schema`);
  }

  const paths: Record<string, JsonObject> = {};
  for (const operation of operations) {
    paths[operation.path] = { ...paths[operation.path], [operation.method]: buildOperation(operation, inputs) };
  }

  const responses: Record<string, JsonObject> = {};
  for (const [status, entry] of Object.entries(errorResponses)) {
    const codes = codesFor(Number(status));
    const response: JsonObject = {
      description: `${entry.description}${codes.length ? ` Codes: ${codes.map((c) => `\`${c}\` (${errorTitles[c]})`).join(', ')}.` : ''}`,
      content: { 'application/problem+json': { schema: { $ref: `${SCHEMA_REF}ProblemDetails` } } },
    };
    if (entry.retryAfter) {
      response.headers = {
        'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 0 } },
      };
    }
    responses[entry.name] = response;
  }

  return {
    openapi: '3.1.1',
    info: {
      title: 'UAuth API',
      version: packageJson.version,
      summary: 'Passwordless sign-in with email magic links.',
      description,
    },
    servers: [{ url: '/api', description: 'This UAuth server' }],
    tags: [
      { name: 'Projects', description: 'Projects of your organization (secret key).' },
      { name: 'Workflows', description: 'Hosted-login workflows of a project (secret key).' },
      { name: 'Hosted login', description: 'Sessions of the hosted login page `/uauth` (secret key).' },
      {
        name: 'Sign-in',
        description: 'Magic links: send (client token, or the secret key from your server) and verify (client token).',
      },
      { name: 'Sessions', description: 'Session status, the signed-in user, sign-out (client token + session code).' },
      { name: 'Development', description: 'The development mailbox and this document.' },
    ],
    paths,
    components: { schemas: { ...inputs, ...outputs }, responses, securitySchemes },
  };
}

let cached: string | undefined;

/** The document as JSON text, built on first use. */
export function openApiJson(): string {
  cached ??= JSON.stringify(buildOpenApiDocument());
  return cached;
}
