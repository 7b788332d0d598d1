// The one error type lib/ throws. Route handlers turn it into RFC 9457 problem JSON
// (lib/http/respond.ts); hosted pages turn it into a friendly page.

/** Every error code UAuth answers with, and its HTTP status. */
export const errorCodes = {
  invalid_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  origin_not_allowed: 403,
  session_inactive: 403,
  sign_up_disabled: 403,
  not_found: 404,
  method_not_allowed: 405,
  challenge_used: 409,
  workflow_invalid: 409,
  limit_reached: 409,
  challenge_expired: 410,
  hosted_login_expired: 410,
  payload_too_large: 413,
  workflow_dependency_failed: 424,
  rate_limited: 429,
  internal_error: 500,
  email_delivery_failed: 502,
  database_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export const errorTitles: Record<ErrorCode, string> = {
  invalid_request: 'Invalid request',
  invalid_json: 'Body is not valid JSON',
  validation_failed: 'Validation failed',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  origin_not_allowed: 'Origin not allowed',
  session_inactive: 'Session is not active',
  sign_up_disabled: 'Sign-up is disabled for this project',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  challenge_used: 'Challenge already used',
  workflow_invalid: 'Workflow not valid for this organization',
  limit_reached: 'Limit reached',
  challenge_expired: 'Challenge expired',
  hosted_login_expired: 'Hosted login expired',
  payload_too_large: 'Payload too large',
  workflow_dependency_failed: 'Dependent workflow exception',
  rate_limited: 'Too many requests',
  internal_error: 'Internal server error',
  email_delivery_failed: 'Email delivery failed',
  database_unavailable: 'Service temporarily unavailable',
};

export type FieldError = { path: string; message: string };

export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: {
      errors?: FieldError[];
      retryAfterSeconds?: number;
      allow?: string[];
      closeConnection?: boolean;
    } = {},
  ) {
    super(message);
    this.status = errorCodes[code];
  }
}

const connectionErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);

/** True for errors that mean "the database cannot be reached or is shutting down". */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (connectionErrorCodes.has(code)) return true;
      // 08xxx connection exception, 57P0x shutdown, 53300 too many connections, 57014 statement timeout
      if (/^08/.test(code) || /^57P0/.test(code) || code === '53300' || code === '57014') return true;
    }
    if (e instanceof AggregateError && e.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
