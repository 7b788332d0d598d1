// Local verification of UAuth's access tokens (EdDSA JWTs) against the project's JWKS, with jose.
// The JWKS is fetched on first use and cached; a token whose `kid` is not in the cache makes
// one re-fetch (a staged key is published before it signs), at most once per cooldown, so a
// flood of tokens with made-up kids cannot hammer UAuth.
import {
  createRemoteJWKSet,
  customFetch,
  errors,
  type FetchImplementation,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import type { FetchLike } from './http.js';

/** The claims of a verified access token. */
export type AccessTokenClaims = {
  /** UAuth's APP_URL. */
  iss: string;
  /** The projectId. */
  aud: string;
  /** The user's userHash in this project. */
  sub: string;
  /** The user's email address. */
  email: string;
  /** The session's id (never its code): the `id` the admin API lists and revokes. */
  sid: string;
  /** Issued at, seconds since the epoch. */
  iat: number;
  /** Expires at, seconds since the epoch. */
  exp: number;
};

/**
 * Why a token did not verify:
 * - `expired`: past its `exp` (beyond the clock tolerance) — refresh it with the session code;
 * - `invalid`: malformed, altered, another algorithm, another issuer or project, missing claims;
 * - `unknown_key`: its `kid` is not in the project's JWKS, even after a re-fetch;
 * - `jwks_unavailable`: the JWKS could not be fetched (UAuth unreachable, or not this project's).
 */
export type AccessTokenErrorCode = 'expired' | 'invalid' | 'unknown_key' | 'jwks_unavailable';

export class AccessTokenError extends Error {
  override name = 'AccessTokenError';
  readonly code: AccessTokenErrorCode;

  constructor(code: AccessTokenErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isAccessTokenError(error: unknown): error is AccessTokenError {
  return error instanceof AccessTokenError;
}

export type TokenVerifierOptions = {
  /** The UAuth server, e.g. `https://auth.example.com`. */
  baseUrl: string;
  /** The project whose tokens to accept (the `aud` claim). */
  projectId: string;
  /** The expected `iss`: UAuth's APP_URL. Default: `baseUrl` (without a trailing slash). */
  issuer?: string;
  /** Leeway for `exp` and `iat`, in seconds. Default 5. */
  clockToleranceSeconds?: number;
  /** At most one JWKS re-fetch for unknown kids per this many seconds. Default 30. */
  cooldownSeconds?: number;
  /** The cached JWKS is fetched again after this many seconds. Default 600. */
  cacheMaxAgeSeconds?: number;
  /** A fetch implementation (default: the global fetch). */
  fetch?: FetchLike;
};

export type VerifyOptions = {
  /** Verify as of this time instead of now (e.g. in tests). */
  currentDate?: Date;
};

export type TokenVerifier = {
  /** The token's claims; throws AccessTokenError. */
  verify: (token: string, options?: VerifyOptions) => Promise<AccessTokenClaims>;
  /** The JWKS URL this verifier reads. */
  readonly jwksUrl: string;
};

const trimSlashes = (url: string) => url.replace(/\/+$/, '');

export function jwksUrlOf(baseUrl: string, projectId: string): string {
  return `${trimSlashes(baseUrl)}/api/projects/${encodeURIComponent(projectId)}/jwks.json`;
}

/** A verifier for one project, with its own JWKS cache. */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  if (!options.baseUrl || !options.projectId)
    throw new TypeError('createTokenVerifier: baseUrl and projectId are required');
  const jwksUrl = jwksUrlOf(options.baseUrl, options.projectId);
  const issuer = trimSlashes(options.issuer ?? options.baseUrl);
  const clockTolerance = options.clockToleranceSeconds ?? 5;
  const jwks: JWTVerifyGetKey = createRemoteJWKSet(new URL(jwksUrl), {
    cooldownDuration: (options.cooldownSeconds ?? 30) * 1000,
    cacheMaxAge: (options.cacheMaxAgeSeconds ?? 600) * 1000,
    ...(options.fetch ? { [customFetch]: options.fetch as FetchImplementation } : {}),
  });

  async function verify(token: string, verifyOptions: VerifyOptions = {}): Promise<AccessTokenClaims> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        algorithms: ['EdDSA'],
        issuer,
        audience: options.projectId,
        clockTolerance,
        requiredClaims: ['iss', 'aud', 'sub', 'exp', 'iat'],
        currentDate: verifyOptions.currentDate,
      }));
    } catch (error) {
      throw toAccessTokenError(error);
    }
    const { iss, aud, sub, email, sid, iat, exp } = payload;
    if (
      typeof iss !== 'string' ||
      aud !== options.projectId ||
      typeof sub !== 'string' ||
      typeof email !== 'string' ||
      typeof sid !== 'string' ||
      typeof iat !== 'number' ||
      typeof exp !== 'number'
    ) {
      throw new AccessTokenError('invalid', 'The access token lacks one of its claims (sub, email, sid, iat, exp).');
    }
    return { iss, aud, sub, email, sid, iat, exp };
  }

  return { verify, jwksUrl };
}

function toAccessTokenError(error: unknown): AccessTokenError {
  if (error instanceof AccessTokenError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const cause = { cause: error };
  if (error instanceof errors.JWTExpired)
    return new AccessTokenError('expired', 'The access token has expired.', cause);
  if (error instanceof errors.JWKSNoMatchingKey)
    return new AccessTokenError('unknown_key', "The access token's key (kid) is not in the project's JWKS.", cause);
  if (
    error instanceof errors.JWTClaimValidationFailed ||
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JOSEAlgNotAllowed ||
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSENotSupported ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return new AccessTokenError('invalid', `The access token is not valid: ${message}`, cause);
  }
  // JWKSTimeout, JWKSInvalid, a non-200 answer (JOSEError), a network failure (TypeError).
  return new AccessTokenError('jwks_unavailable', `Could not read the project's JWKS: ${message}`, cause);
}

const shared = new Map<string, TokenVerifier>();

/**
 * Verifies a UAuth access token locally: signature (EdDSA, a key of the project's JWKS),
 * `iss`, `aud` = projectId, `exp` (with a small clock tolerance); answers its claims or throws
 * AccessTokenError. One verifier (and JWKS cache) per set of options is kept for the process,
 * with the `fetch` of its first call; use createTokenVerifier for a verifier of your own.
 */
export function verifyAccessToken(
  token: string,
  options: TokenVerifierOptions & VerifyOptions,
): Promise<AccessTokenClaims> {
  const key = JSON.stringify([
    jwksUrlOf(options.baseUrl, options.projectId),
    options.issuer,
    options.clockToleranceSeconds,
    options.cooldownSeconds,
    options.cacheMaxAgeSeconds,
  ]);
  let verifier = shared.get(key);
  if (!verifier) {
    verifier = createTokenVerifier(options);
    shared.set(key, verifier);
  }
  return verifier.verify(token, { currentDate: options.currentDate });
}
