// The limits UAuth enforces, in one place. Their sizes come from the environment
// (RATE_LIMIT_* in lib/env.ts; defaults: sends 1 per 30 s and 10 per hour per
// address, 60 per hour per IP; failed verifies 60 per minute per (project, IP);
// dashboard sign-in alike).
import { getEnv } from '../env';
import { enforceRateLimits } from './limiter';

/** A magic link requested for a project (REST send and the hosted login page). */
export function enforceSendLimits(input: { projectId: string; email: string; ip: string }): Promise<void> {
  const env = getEnv();
  return enforceRateLimits([
    {
      name: 'send:ip',
      subject: `${input.projectId}\u0000${input.ip}`,
      rules: env.RATE_LIMIT_SEND_PER_IP,
      describe: 'this network address',
    },
    {
      name: 'send:address',
      subject: `${input.projectId}\u0000${input.email}`,
      rules: env.RATE_LIMIT_SEND_PER_ADDRESS,
      describe: 'this email address',
    },
  ]);
}

/**
 * A failed POST /api/challenge/verify (unknown, used, expired or failed code, sign-up
 * refused, hosted login refused), counted per (project, client IP). Successful verifies
 * never come here, so they are never refused; when the failures fill the window, this
 * throws the 429 that the caller answers instead of its own error.
 */
export function countFailedVerify(input: { projectId: string; ip: string }): Promise<void> {
  return enforceRateLimits([
    {
      name: 'verify-failed:ip',
      subject: `${input.projectId}\u0000${input.ip}`,
      rules: getEnv().RATE_LIMIT_VERIFY_PER_IP,
      describe: 'this network address (failed sign-in attempts)',
    },
  ]);
}

/** A dashboard sign-in link requested at /login. */
export function enforceSignInLimits(input: { email: string; ip: string }): Promise<void> {
  const env = getEnv();
  return enforceRateLimits([
    { name: 'sign-in:ip', subject: input.ip, rules: env.RATE_LIMIT_SIGN_IN_PER_IP, describe: 'this network address' },
    {
      name: 'sign-in:address',
      subject: input.email,
      rules: env.RATE_LIMIT_SIGN_IN_PER_ADDRESS,
      describe: 'this email address',
    },
  ]);
}
