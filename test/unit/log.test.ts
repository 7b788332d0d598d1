import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeError, formatLine, log } from '../../lib/log';

afterEach(() => vi.restoreAllMocks());

describe('lib/log: one redacting path for every log line', () => {
  it('never prints the query parameters Drizzle appends to an error message', () => {
    const error = new Error('Failed query: select * from sessions where code_hash = $1\nparams: 9f2c…,ck_secret');
    const text = describeError(error);
    expect(text).toContain('Failed query: select * from sessions');
    expect(text).toContain('params: [redacted]');
    expect(text).not.toContain('ck_secret');
  });

  it('replaces secret-looking fields, masks email addresses and drops URL query strings', () => {
    const line = formatLine('sign-in for ada@example.com failed', {
      sessionCode: 'abc123',
      clientToken: 'ck_live',
      url: 'https://app.example.com/callback?code=SECRETCODE&state=x',
      details: { to: 'grace@example.org', challengeCode: 'zzz' },
    });
    expect(line).not.toMatch(/abc123|ck_live|SECRETCODE|zzz|ada@|grace@/);
    expect(line).toContain('a***@example.com');
    expect(line).toContain('g***@example.org');
    expect(line).toContain('https://app.example.com/callback?[redacted]');
    expect(line).toContain('sessionCode=[redacted]');
  });

  it('writes errors as name, message and a few frames, not the object', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const error = Object.assign(new Error('boom'), { query: 'select 1', parameters: ['sk_live_secret'] });
    log.error('something failed', { err: error });
    const printed = spy.mock.calls.map((c) => c.join(' ')).join('\n');
    expect(printed).toContain('[uauth] something failed');
    expect(printed).toContain('Error: boom');
    expect(printed).not.toContain('sk_live_secret');
    expect(spy.mock.calls[0]).toHaveLength(1); // one string, never a raw object
  });
});
