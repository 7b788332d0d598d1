// DASHBOARD_SIGNUP decides who gets an organization of their own by signing in.
import { describe, expect, it } from 'vitest';
import { signUpAllowed } from '../../lib/dashboard/sign-up-policy';

describe('signUpAllowed', () => {
  it('open: anyone; invite: no one', () => {
    expect(signUpAllowed('ada@example.com', { mode: 'open' })).toBe(true);
    expect(signUpAllowed('ada@example.com', { mode: 'invite' })).toBe(false);
  });

  it('domains: exactly the listed domains, compared lower-cased', () => {
    const setting = { mode: 'domains' as const, domains: ['acme.com', 'acme.io'] };
    expect(signUpAllowed('ada@acme.com', setting)).toBe(true);
    expect(signUpAllowed(' Ada@ACME.io ', setting)).toBe(true);
    expect(signUpAllowed('ada@evil-acme.com', setting)).toBe(false);
    expect(signUpAllowed('ada@mail.acme.com', setting)).toBe(false);
    expect(signUpAllowed('acme.com@evil.com', setting)).toBe(false);
    expect(signUpAllowed('ada@acme.com.evil.com', setting)).toBe(false);
  });
});
