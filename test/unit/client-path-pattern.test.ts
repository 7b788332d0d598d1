// uauthProxy's `protect` patterns (@uauth/client/next): Next.js matcher syntax over the pathname.
import { describe, expect, it } from 'vitest';
import { pathPattern } from '../../packages/client/src/next/proxy';

const matches = (pattern: string, paths: string[]) => paths.filter((p) => pathPattern(pattern).test(p));

describe('pathPattern', () => {
  it('a literal path: itself, with or without a trailing slash; nothing below or beside it', () => {
    expect(matches('/account', ['/account', '/account/', '/account/x', '/accounts', '/', '/ACCOUNT'])).toEqual([
      '/account',
      '/account/',
    ]);
  });

  it(':name* — zero or more segments; :name+ — one or more; :name? — zero or one; :name — exactly one', () => {
    const paths = ['/account', '/account/x', '/account/x/y', '/accountx', '/other/account'];
    expect(matches('/account/:path*', paths)).toEqual(['/account', '/account/x', '/account/x/y']);
    expect(matches('/account/:path+', paths)).toEqual(['/account/x', '/account/x/y']);
    expect(matches('/account/:id?', paths)).toEqual(['/account', '/account/x']);
    expect(matches('/account/:id', paths)).toEqual(['/account/x']);
    expect(matches('/orders/:id/items', ['/orders/7/items', '/orders/items', '/orders/7/8/items'])).toEqual([
      '/orders/7/items',
    ]);
  });

  it('regular-expression characters in a literal segment are literal', () => {
    expect(matches('/a.b', ['/a.b', '/axb'])).toEqual(['/a.b']);
  });
});
