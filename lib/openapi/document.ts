// The OpenAPI 3.1 document of the REST API, generated from the zod schemas in
// lib/**/schemas.ts through the operation table in ./operations.ts. Built once, lazily,
// on the first GET /api/openapi.json (never on the request path of other routes).
import packageJson from '../../package.json';
import { type ErrorCode, errorCodes, errorTitles } from '../errors';
import { problemDetailsSchema } from '../http/schemas';
import { ALWAYS, description, errorResponses, security, securitySchemes } from './document-parts';
import {
  componentSchemas,
  inlineSchema,
  type JsonSchema,
  jsonContent,
  type Parameter,
  parametersOf,
  SCHEMA_REF,
  uniqueNamed,
} from './json-schema';
import { type Operation, operations } from './operations';

type JsonObject = Record<string, unknown>;

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
        name: 'Users',
        description: "A project's end users and their sessions: list, look up, delete, revoke (secret key).",
      },
      { name: 'Secret keys', description: "The organization's secret keys: list, create, revoke (secret key)." },
      {
        name: 'Sign-in',
        description: 'Magic links: send (client token, or the secret key from your server) and verify (client token).',
      },
      {
        name: 'Sessions',
        description: 'Session status, refresh, the signed-in user, sign-out (client token + session code).',
      },
      {
        name: 'Access tokens',
        description: "A project's public signing keys (JWKS), for verifying its access tokens locally (no credential).",
      },
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
