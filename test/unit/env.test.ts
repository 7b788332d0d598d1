import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// lib/env.ts parses process.env once and caches the result, so every case loads a
// fresh copy of the module after setting process.env.
type EnvModule = typeof import('../../lib/env');

const saved = { ...process.env };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'uauth-env-test-'));

const VARS = [
  'NODE_ENV',
  'DATABASE_URL',
  'DATA_DIR',
  'APP_URL',
  'SESSION_SECRET',
  'MAIL_TRANSPORT',
  'RESEND_API_KEY',
  'RESEND_BASE_URL',
  'MAIL_FROM',
  'MAIL_TIMEOUT_MS',
  'CHALLENGE_TTL_SECONDS',
  'ACCESS_TOKEN_TTL_SECONDS',
  'DATABASE_POOL_MAX',
  'DATABASE_CONNECT_TIMEOUT_SECONDS',
  'DATABASE_STATEMENT_TIMEOUT_MS',
  'DASHBOARD_SIGNUP',
  'DEV_MAILBOX',
  'MAX_PROJECTS_PER_ORGANIZATION',
  'RATE_LIMIT_SEND_PER_ORGANIZATION',
];

const SECRET = 'a-session-secret-that-is-long-enough-0123';

async function load(vars: Record<string, string | undefined>): Promise<EnvModule> {
  for (const key of VARS) delete process.env[key];
  process.env.DATA_DIR = path.join(tmp, crypto.randomUUID());
  for (const [key, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  vi.resetModules();
  return import('../../lib/env');
}

/** getEnv() under these variables: the parsed env, or the EnvError message. */
async function envError(vars: Record<string, string | undefined>): Promise<{ error: Error; mod: EnvModule }> {
  const mod = await load(vars);
  try {
    mod.getEnv();
  } catch (error) {
    return { error: error as Error, mod };
  }
  throw new Error(`getEnv() accepted ${JSON.stringify(vars)}`);
}

const production = { NODE_ENV: 'production', SESSION_SECRET: SECRET, MAIL_TRANSPORT: 'outbox' };

beforeEach(() => {
  vi.resetModules();
});
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('getEnv: defaults', () => {
  it('development needs nothing: outbox, embedded database, local APP_URL', async () => {
    const { getEnv } = await load({ NODE_ENV: 'development' });
    const env = getEnv();
    expect(env.NODE_ENV).toBe('development');
    expect(env.MAIL_TRANSPORT).toBe('outbox');
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.APP_URL).toBe('http://localhost:3000');
    expect(env.isLocalAppUrl).toBe(true);
    expect(env.CHALLENGE_TTL_SECONDS).toBe(900);
    expect(env.ACCESS_TOKEN_TTL_SECONDS).toBe(300);
    expect(env.MAIL_TIMEOUT_MS).toBe(10_000);
    expect(env.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it('outside production a missing SESSION_SECRET is generated once and kept in DATA_DIR', async () => {
    const dataDir = path.join(tmp, 'keep');
    const first = (await load({ NODE_ENV: 'development', DATA_DIR: dataDir })).getEnv().SESSION_SECRET;
    expect(readFileSync(path.join(dataDir, 'session-secret'), 'utf8').trim()).toBe(first);
    const second = (await load({ NODE_ENV: 'development', DATA_DIR: dataDir })).getEnv().SESSION_SECRET;
    expect(second).toBe(first);
  });

  it('parses once and caches', async () => {
    const { getEnv } = await load({ ...production, APP_URL: 'https://auth.example.com', DEV_MAILBOX: 'on' });
    const a = getEnv();
    process.env.APP_URL = 'not a url';
    expect(getEnv()).toBe(a);
    expect(getEnv().APP_URL).toBe('https://auth.example.com');
  });

  it('strips trailing slashes from APP_URL and knows a non-local one', async () => {
    const env = (await load({ ...production, APP_URL: 'https://auth.example.com/', DEV_MAILBOX: 'on' })).getEnv();
    expect(env.APP_URL).toBe('https://auth.example.com');
    expect(env.isLocalAppUrl).toBe(false);
  });

  it('coerces numeric variables', async () => {
    const env = (
      await load({
        ...production,
        MAIL_TIMEOUT_MS: '1500',
        CHALLENGE_TTL_SECONDS: '60',
        ACCESS_TOKEN_TTL_SECONDS: '3600',
        DATABASE_CONNECT_TIMEOUT_SECONDS: '2',
      })
    ).getEnv();
    expect(env.ACCESS_TOKEN_TTL_SECONDS).toBe(3600);
    expect(env.MAIL_TIMEOUT_MS).toBe(1500);
    expect(env.CHALLENGE_TTL_SECONDS).toBe(60);
    expect(env.DATABASE_CONNECT_TIMEOUT_SECONDS).toBe(2);
  });

  it('treats an empty DATABASE_URL as unset (embedded)', async () => {
    const env = (await load({ ...production, DATABASE_URL: '' })).getEnv();
    expect(env.DATABASE_URL).toBeUndefined();
  });
});

describe('getEnv: bad values name the variable', () => {
  it('bad APP_URL', async () => {
    for (const bad of ['not a url', 'ftp://example.com', 'example.com']) {
      const { error, mod } = await envError({ ...production, APP_URL: bad });
      expect(error).toBeInstanceOf(mod.EnvError);
      expect(error.name).toBe('EnvError');
      expect(error.message).toContain('APP_URL');
    }
  });

  it('bad DATABASE_URL', async () => {
    const { error, mod } = await envError({ ...production, DATABASE_URL: 'mysql://localhost/db' });
    expect(error).toBeInstanceOf(mod.EnvError);
    expect(error.message).toContain('DATABASE_URL');
  });

  it('bad NODE_ENV', async () => {
    const { error } = await envError({ ...production, NODE_ENV: 'staging' });
    expect(error.message).toContain('NODE_ENV');
  });

  it('bad numbers', async () => {
    for (const [key, value] of [
      ['MAIL_TIMEOUT_MS', 'soon'],
      ['MAIL_TIMEOUT_MS', '50'],
      ['CHALLENGE_TTL_SECONDS', '0'],
      ['ACCESS_TOKEN_TTL_SECONDS', '59'],
      ['ACCESS_TOKEN_TTL_SECONDS', '3601'],
      ['DATABASE_POOL_MAX', '1.5'],
      ['DATABASE_CONNECT_TIMEOUT_SECONDS', '-1'],
    ] as const) {
      const { error } = await envError({ ...production, [key]: value });
      expect(error.message, `${key}=${value}`).toContain(key);
    }
  });

  it('short SESSION_SECRET', async () => {
    const { error } = await envError({ ...production, SESSION_SECRET: 'short' });
    expect(error.message).toContain('SESSION_SECRET');
  });

  it('production without SESSION_SECRET', async () => {
    const { error, mod } = await envError({ ...production, SESSION_SECRET: undefined });
    expect(error).toBeInstanceOf(mod.EnvError);
    expect(error.message).toContain('SESSION_SECRET');
    expect(error.message).not.toContain('MAIL_TRANSPORT');
  });

  it('production without a mail transport', async () => {
    const { error, mod } = await envError({ ...production, MAIL_TRANSPORT: undefined });
    expect(error).toBeInstanceOf(mod.EnvError);
    expect(error.message).toContain('MAIL_TRANSPORT');
  });

  it('names every bad variable at once', async () => {
    const { error } = await envError({ NODE_ENV: 'production', APP_URL: 'nope' });
    expect(error.message).toContain('APP_URL');
    expect(error.message).toContain('SESSION_SECRET');
    expect(error.message).toContain('MAIL_TRANSPORT');
  });

  it('unknown MAIL_TRANSPORT', async () => {
    const { error } = await envError({ ...production, MAIL_TRANSPORT: 'smtp' });
    expect(error.message).toContain('MAIL_TRANSPORT');
  });
});

describe('getEnv: mail transport', () => {
  it('production with explicit MAIL_TRANSPORT=outbox is fine', async () => {
    const env = (await load(production)).getEnv();
    expect(env.MAIL_TRANSPORT).toBe('outbox');
    expect(env.SESSION_SECRET).toBe(SECRET);
  });

  it('RESEND_API_KEY alone selects resend, and resend needs MAIL_FROM', async () => {
    const { error, mod } = await envError({ ...production, MAIL_TRANSPORT: undefined, RESEND_API_KEY: 're_123' });
    expect(error).toBeInstanceOf(mod.EnvError);
    expect(error.message).toContain('MAIL_FROM');
  });

  it('RESEND_API_KEY with MAIL_FROM selects resend (also in development)', async () => {
    for (const NODE_ENV of ['production', 'development']) {
      const env = (
        await load({
          ...production,
          NODE_ENV,
          MAIL_TRANSPORT: undefined,
          RESEND_API_KEY: 're_123',
          MAIL_FROM: 'UAuth <a@b.test>',
        })
      ).getEnv();
      expect(env.MAIL_TRANSPORT).toBe('resend');
      expect(env.MAIL_FROM).toBe('UAuth <a@b.test>');
    }
  });

  it('MAIL_TRANSPORT=resend needs RESEND_API_KEY and MAIL_FROM', async () => {
    const { error } = await envError({ ...production, MAIL_TRANSPORT: 'resend' });
    expect(error.message).toContain('RESEND_API_KEY');
    expect(error.message).toContain('MAIL_FROM');
  });

  it('explicit MAIL_TRANSPORT=outbox wins over RESEND_API_KEY', async () => {
    const env = (await load({ ...production, RESEND_API_KEY: 're_123' })).getEnv();
    expect(env.MAIL_TRANSPORT).toBe('outbox');
  });

  it('bad RESEND_BASE_URL', async () => {
    const { error } = await envError({
      ...production,
      MAIL_TRANSPORT: 'resend',
      RESEND_API_KEY: 're_1',
      MAIL_FROM: 'a@b.test',
      RESEND_BASE_URL: 'not a url',
    });
    expect(error.message).toContain('RESEND_BASE_URL');
  });
});

describe('getEnv: development mailbox on a public production URL', () => {
  it('refuses outbox on a public URL in production, naming why', async () => {
    const { error } = await envError({ ...production, APP_URL: 'https://auth.example.com' });
    expect(error.message).toContain('MAIL_TRANSPORT');
    expect(error.message).toContain('DEV_MAILBOX=on');
    expect(error.message).toContain('anyone could read every sign-in link');
  });

  it('allows it with DEV_MAILBOX=on, on localhost, or outside production', async () => {
    expect(
      (await load({ ...production, APP_URL: 'https://auth.example.com', DEV_MAILBOX: 'on' })).getEnv().MAIL_TRANSPORT,
    ).toBe('outbox');
    expect((await load({ ...production, APP_URL: 'http://127.0.0.1:3000' })).getEnv().MAIL_TRANSPORT).toBe('outbox');
    expect((await load({ ...production, APP_URL: 'http://localhost:3000' })).getEnv().MAIL_TRANSPORT).toBe('outbox');
    expect((await load({ NODE_ENV: 'development', APP_URL: 'https://auth.example.com' })).getEnv().MAIL_TRANSPORT).toBe(
      'outbox',
    );
  });
});

describe('getEnv: DASHBOARD_SIGNUP', () => {
  it('defaults to open outside production and invite in production', async () => {
    expect((await load({ NODE_ENV: 'development' })).getEnv().DASHBOARD_SIGNUP).toEqual({ mode: 'open' });
    expect((await load(production)).getEnv().DASHBOARD_SIGNUP).toEqual({ mode: 'invite' });
  });

  it('parses open, invite and a domain list', async () => {
    expect((await load({ ...production, DASHBOARD_SIGNUP: 'open' })).getEnv().DASHBOARD_SIGNUP).toEqual({
      mode: 'open',
    });
    expect((await load({ DASHBOARD_SIGNUP: 'INVITE' })).getEnv().DASHBOARD_SIGNUP).toEqual({ mode: 'invite' });
    expect((await load({ DASHBOARD_SIGNUP: 'domains:Acme.com, @acme.io' })).getEnv().DASHBOARD_SIGNUP).toEqual({
      mode: 'domains',
      domains: ['acme.com', 'acme.io'],
    });
  });

  it('names a bad value', async () => {
    for (const value of ['everyone', 'domains:', 'domains:not a domain']) {
      const { error } = await envError({ DASHBOARD_SIGNUP: value });
      expect(error.message).toContain('DASHBOARD_SIGNUP');
    }
  });
});
