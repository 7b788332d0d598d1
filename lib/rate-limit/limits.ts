// The limits UAuth enforces, in one place. Their sizes come from the environment
// (RATE_LIMIT_* in lib/env.ts; defaults: sends 1 per 30 s and 10 per hour per
// address, 60 per hour per IP, 1000 per hour per organization; failed verifies 60 per
// minute per (project, IP); dashboard sign-in alike).
import { getEnv } from '../env';
import { enforceRateLimits } from './limiter';

/**
 * The address as the per-address send limit counts it: a sub-address (`ana+1@x.com`)
 * counts as its mailbox (`ana@x.com`), and Gmail ignores dots in the local part and
 * delivers googlemail.com to gmail.com, so those fold too. For limit keys only: the
 * address is stored and mailed as given.
 */
export function addressLimitKey(email: string): string {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  if (at <= 0) return address;
  let local = address.slice(0, at);
  let domain = address.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  if (domain === 'gmail.com') local = local.replace(/\./g, '') || local;
  return `${local}@${domain}`;
}

/**
 * A magic link requested for a project (REST send and the hosted login page; called by
 * sendChallenge before any policy decides): per (project, end-user IP), per (project,
 * address, aliases folded) and per organization (all its projects together).
 */
export function enforceSendLimits(input: {
  organizationId: string;
  projectId: string;
  email: string;
  ip: string;
}): Promise<void> {
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
      subject: `${input.projectId}\u0000${addressLimitKey(input.email)}`,
      rules: env.RATE_LIMIT_SEND_PER_ADDRESS,
      describe: 'this email address',
    },
    {
      name: 'send:organization',
      subject: input.organizationId,
      rules: env.RATE_LIMIT_SEND_PER_ORGANIZATION,
      describe: "this project's organization",
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
