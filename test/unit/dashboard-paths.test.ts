// Return paths of dashboard actions (a form's `back`, a project's tab) are resolved
// against APP_URL the way a browser resolves them before they are checked: whatever a
// forged form posts, the redirect stays on this site, under /dashboard.
import { beforeAll, describe, expect, it } from 'vitest';

type Paths = typeof import('../../lib/dashboard/paths');
let paths: Paths;

beforeAll(async () => {
  process.env.APP_URL = 'https://uauth.example.test';
  process.env.SESSION_SECRET = 'a-session-secret-that-is-long-enough-0123';
  paths = await import('../../lib/dashboard/paths');
});

describe('dashboardPath', () => {
  it('keeps same-site dashboard paths with their query', () => {
    expect(paths.dashboardPath('/dashboard')).toBe('/dashboard');
    expect(paths.dashboardPath('/dashboard/projects/x/users?page=2&q=a')).toBe(
      '/dashboard/projects/x/users?page=2&q=a',
    );
    expect(paths.dashboardPath('https://uauth.example.test/dashboard/keys')).toBe('/dashboard/keys');
  });

  it.each([
    '/dashboard/..//evil.com',
    '/dashboard/%2e%2e//evil.com',
    '/dashboard/%2E%2E/%2e%2e//evil.com/x',
    '/dashboard/.%2e//evil.com',
    '//evil.com/dashboard',
    '/\\evil.com/dashboard',
    '\\\\evil.com/dashboard',
    'https://evil.com/dashboard',
    'https://uauth.example.test.evil.com/dashboard',
    'https://user@uauth.example.test/dashboard',
    'http://uauth.example.test/dashboard',
    '/dashboard/../login',
    '/dashboardx',
    '/login',
    'javascript:alert(1)//dashboard',
    '/dashboard/\t/..\n/..//evil.com',
    '',
  ])('refuses %j (the fallback instead)', (value) => {
    const result = paths.dashboardPath(value, '/dashboard/keys');
    expect(result).toBe('/dashboard/keys');
  });

  it('normalizes what stays on the site', () => {
    // a backslash is a slash to browsers: still under /dashboard on this origin
    expect(paths.dashboardPath('/dashboard\\evil.com')).toBe('/dashboard/evil.com');
    expect(paths.dashboardPath('/dashboard/projects/../keys')).toBe('/dashboard/keys');
    expect(paths.dashboardPath('/dashboard//evil.com')).toBe('/dashboard//evil.com');
    // every result is a path on this origin
    for (const value of ['/dashboard\\evil.com', '/dashboard//evil.com', '/dashboard/%2e%2e/dashboard']) {
      const target = new URL(paths.dashboardPath(value), 'https://uauth.example.test');
      expect(target.origin).toBe('https://uauth.example.test');
      expect(target.pathname.startsWith('/dashboard')).toBe(true);
    }
  });

  it('withParam adds a notice to a normalized path and drops an earlier one', () => {
    expect(paths.withParam('/dashboard/keys?error=x', 'notice', 'key_revoked')).toBe(
      '/dashboard/keys?notice=key_revoked',
    );
    expect(paths.withParam('/dashboard/..//evil.com', 'notice', 'ok')).toBe('/dashboard?notice=ok');
  });
});
