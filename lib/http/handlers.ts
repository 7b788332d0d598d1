// One wrapper per credential kind. Each reads the input, authenticates, runs the
// handler and turns anything thrown into problem JSON, so route files stay thin.
import { and, arrayContains, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import { authenticateClientToken, type ClientCaller } from '../auth/client-token';
import { authenticateSecretKey, type SecretKeyCaller } from '../auth/secret-keys';
import type { EndUser } from '../challenges/send-challenge';
import { getDb } from '../db/client';
import { type Project, projects } from '../db/schema';
import { AppError } from '../errors';
import { getProject } from '../projects/projects';
import { projectPathSchema } from '../projects/schemas';
import { normalizedUuid, uuidSchema } from '../validation';
import { clientIp, normalizedIp } from './client-ip';
import { parseInput, type RequestInput, readInput } from './input';
import { errorResponse, noContent, problem } from './respond';

type RouteContext<P> = { params: Promise<P> };
type RouteHandler<P> = (request: Request, context: RouteContext<P>) => Promise<Response>;

/** A secret-key request: its organization, and the key as the actor its changes are audited under. */
export type SecretKeyContext<P> = RequestInput & SecretKeyCaller & { request: Request; params: P };
export type ClientContext = RequestInput & { request: Request; project: Project };
/** A request made for an end user: its project, that user's IP, and when the request arrived. */
export type EndUserContext = ClientContext & { endUser: EndUser; requestStartedAt: number };

/** With a secret key: the end user's address, named by the app's server for its rate limit. */
export const END_USER_IP_HEADER = 'x-uauth-end-user-ip';

/** The client credentials as sent (lib/auth/client-token.ts), and the parsed input. */
export type CredentialsContext<T> = RequestInput & { request: Request; credentials: ClientCaller; input: T };

const first = (...values: Array<string | null | undefined>): string | null => {
  for (const v of values) if (typeof v === 'string' && v.trim() !== '') return v.trim();
  return null;
};

function bearer(request: Request): string | null {
  const header = request.headers.get('authorization');
  const match = header?.match(/^Bearer\s+(.+)$/i);
  return match?.[1]?.trim() ?? null;
}

function stringField(fields: Record<string, unknown>, name: string): string | null {
  const value = fields[name];
  return typeof value === 'string' ? value : null;
}

/**
 * Organization secret key: x-upid-organization-key, Authorization: Bearer, or ?secretToken=.
 * 401 without a key or for an unknown or revoked one; 403 when the credential presented is a
 * project client token (in one of those transports, or as x-client-token / clientToken):
 * a known credential that may not do this.
 */
export function withSecretKey<P = Record<string, never>>(
  handler: (context: SecretKeyContext<P>) => Promise<Response>,
): RouteHandler<P> {
  return async (request, context) => {
    try {
      const input = await readInput(request);
      const secretToken = first(
        request.headers.get('x-upid-organization-key'),
        bearer(request),
        input.query.secretToken,
      );
      const clientToken = first(request.headers.get('x-client-token'), stringField(input.fields, 'clientToken'));
      const caller = await authenticateSecretKey(secretToken, clientToken);
      const params = await context.params;
      return await handler({ ...input, ...caller, request, params });
    } catch (error) {
      return errorResponse(error, request);
    }
  };
}

/**
 * Reads the input and the client credentials of a client-token endpoint. A response that
 * `run` returns was made for authenticated credentials (by authenticate(), or by the
 * domain's own statement), so it carries CORS headers for the request's Origin; an error
 * carries them only once authenticate() has accepted that Origin.
 */
function clientEndpoint(
  run: (input: RequestInput, credentials: ClientCaller, request: Request) => Promise<Response>,
): RouteHandler<object> {
  return async (request) => {
    const origin = request.headers.get('origin');
    let allowOrigin: string | null = null;
    try {
      const input = await readInput(request);
      const clientToken = first(request.headers.get('x-client-token'), stringField(input.fields, 'clientToken'));
      const projectIdInput = input.fields.projectId;
      const credentials: ClientCaller = {
        projectId: normalizedUuid(projectIdInput),
        clientToken,
        origin,
        authenticate: async () => {
          const project = await authenticateClientToken(projectIdInput, clientToken);
          if (origin !== null && !project.allowedOrigins.includes(origin)) {
            throw new AppError('origin_not_allowed', `Origin ${origin} is not one of this project's allowedOrigins.`);
          }
          allowOrigin = origin;
          return project;
        },
      };
      const response = await run(input, credentials, request);
      return withCors(response, origin);
    } catch (error) {
      return withCors(errorResponse(error, request), allowOrigin);
    }
  };
}

/**
 * Project client token with projectId (query or body; token also as x-client-token).
 * A request with an Origin must come from one of the project's allowedOrigins, and its
 * response then carries CORS headers for exactly that origin.
 */
export function withClientToken(handler: (context: ClientContext) => Promise<Response>): RouteHandler<object> {
  return clientEndpoint(async (input, credentials, request) =>
    handler({ ...input, request, project: await credentials.authenticate() }),
  );
}

/**
 * A client-token endpoint whose domain function authenticates the credentials itself
 * (verify: inside its one statement) and calls `credentials.authenticate()` only when it
 * needs the usual answer. The input is parsed with `schema`; input that fails it is
 * authenticated first, so 401/403/404 come before 400 as on every client-token endpoint.
 */
export function withClientCredentials<S extends z.ZodType>(
  schema: S,
  handler: (context: CredentialsContext<z.infer<S>>) => Promise<Response>,
): RouteHandler<object> {
  return clientEndpoint(async (input, credentials, request) => {
    const parsed = schema.safeParse(input.fields);
    if (!parsed.success) await credentials.authenticate();
    const data: z.infer<S> = parsed.success ? parsed.data : parseInput(schema, input.fields);
    return handler({ ...input, request, credentials, input: data });
  });
}

/**
 * An end user's request that the browser or the app's server may make (POST
 * /api/challenge/send). Which credential decides the path, each through its own wrapper:
 * - the project client token (withClientToken: Origin checked, CORS): the end user is the
 *   caller, counted at the caller's own IP (socket, or TRUST_PROXY); x-uauth-end-user-ip is
 *   ignored;
 * - the organization secret key in any of its transports (withSecretKey): `projectId` must be a
 *   live project of that organization (404 otherwise), no Origin check, and the server may name
 *   the end user's IP in x-uauth-end-user-ip (400 when it is not an IP address).
 * The handler also learns when the request arrived (send timing).
 */
export function withClientTokenOrSecretKey(
  handler: (context: EndUserContext) => Promise<Response>,
): RouteHandler<object> {
  return async (request, context) => {
    const requestStartedAt = performance.now();
    if (carriesSecretKey(request)) {
      return withSecretKey<object>(async (input) => {
        const { projectId } = parseInput(projectPathSchema, { projectId: input.fields.projectId });
        const ip = endUserIpOf(request);
        const project = await getProject(input.organizationId, projectId);
        return handler({ ...input, project, endUser: { ip }, requestStartedAt });
      })(request, context);
    }
    return withClientToken((input) =>
      handler({ ...input, endUser: { ip: clientIp(request.headers) }, requestStartedAt }),
    )(request, context);
  };
}

/** An organization secret key in one of withSecretKey's transports (a Bearer one starts `sk_`). */
function carriesSecretKey(request: Request): boolean {
  return (
    first(request.headers.get('x-upid-organization-key')) !== null ||
    (bearer(request)?.startsWith('sk_') ?? false) ||
    first(new URL(request.url).searchParams.get('secretToken')) !== null
  );
}

function endUserIpOf(request: Request): string {
  const named = request.headers.get(END_USER_IP_HEADER);
  if (named === null) return clientIp(request.headers);
  const ip = normalizedIp(named);
  if (ip === null) {
    const message = 'must be an IPv4 or IPv6 address';
    throw new AppError('validation_failed', `Invalid request: ${END_USER_IP_HEADER}: ${message}`, {
      errors: [{ path: END_USER_IP_HEADER, message }],
    });
  }
  return ip;
}

/**
 * GET/DELETE /api/session and GET /api/user: the session code (?sessionCode=, a JSON body
 * field, or Authorization: Bearer) and the credentials unauthenticated, for the domain's one
 * statement (lib/sessions/sessions.ts). A missing or oversized code is answered 400 after
 * the usual authentication, so 401/403/404 come first as on every client-token endpoint.
 */
export function withSessionCode(
  handler: (context: CredentialsContext<string>) => Promise<Response>,
): RouteHandler<object> {
  return clientEndpoint(async (input, credentials, request) => {
    const code = first(stringField(input.fields, 'sessionCode'), bearer(request));
    if (code === null || code.length > 512) {
      const message = code === null ? 'is required' : 'must be at most 512 characters';
      await credentials.authenticate();
      throw new AppError('validation_failed', `Invalid request: sessionCode: ${message}`, {
        errors: [{ path: 'sessionCode', message }],
      });
    }
    return handler({ ...input, request, credentials, input: code });
  });
}

function withCors(response: Response, origin: string | null): Response {
  response.headers.append('Vary', 'Origin');
  if (origin) {
    response.headers.set('Access-Control-Allow-Origin', origin);
  }
  return response;
}

/**
 * OPTIONS preflight for the client-token endpoints. The preflight carries the query
 * string of the request it announces, so projectId may be read from it; without one,
 * any live project with this origin among its allowedOrigins lets it through (the real
 * request is then checked against its own project). The answer names exactly that origin.
 */
export function preflight(methods: string[]): RouteHandler<object> {
  return async (request) => {
    const origin = request.headers.get('origin');
    try {
      if (!origin) return noContent({ Allow: [...methods, 'OPTIONS'].join(', ') });
      const projectId = new URL(request.url).searchParams.get('projectId');
      const db = await getDb();
      const parsedId = projectId ? uuidSchema.safeParse(projectId) : null;
      if (parsedId && !parsedId.success)
        throw new AppError('validation_failed', 'Invalid request: projectId: must be a UUID', {
          errors: [{ path: 'projectId', message: 'must be a UUID' }],
        });
      const [match] = await db
        .select({ id: projects.id })
        .from(projects)
        .where(
          and(
            arrayContains(projects.allowedOrigins, [origin]),
            isNull(projects.deletedAt),
            parsedId?.success ? eq(projects.id, parsedId.data) : undefined,
          ),
        )
        .limit(1);
      if (!match) throw new AppError('origin_not_allowed', `Origin ${origin} is not allowed for this project.`);
      const response = noContent({
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': [...methods, 'OPTIONS'].join(', '),
        'Access-Control-Allow-Headers':
          request.headers.get('access-control-request-headers') ?? 'Content-Type, Authorization, X-Client-Token',
        'Access-Control-Max-Age': '600',
      });
      response.headers.append('Vary', 'Origin');
      return response;
    } catch (error) {
      return withCors(errorResponse(error, request), null);
    }
  };
}

/** For the methods a route does not support: 405 problem JSON with Allow. */
export function methodNotAllowed(allowed: string[]): RouteHandler<object> {
  return async (request) =>
    problem(
      new AppError('method_not_allowed', `${request.method} is not supported here. Allowed: ${allowed.join(', ')}.`, {
        allow: allowed,
      }),
    );
}

/**
 * Unauthenticated API routes (development mailbox, OpenAPI document, JWKS): errors still come
 * back as problem JSON. `headers` (e.g. `Access-Control-Allow-Origin: *`) go on every answer,
 * errors included.
 */
export function publicApi<P = Record<string, never>>(
  handler: (context: RequestInput & { request: Request; params: P }) => Promise<Response>,
  headers?: Record<string, string>,
): RouteHandler<P> {
  return async (request, context) => {
    try {
      const response = await handler({ ...(await readInput(request)), request, params: await context.params });
      for (const [name, value] of Object.entries(headers ?? {})) response.headers.set(name, value);
      return response;
    } catch (error) {
      return errorResponse(error, request, headers);
    }
  };
}
