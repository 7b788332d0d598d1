// The per-address send limit's key: aliases of one mailbox fold together (limit keys only).
import { describe, expect, it } from 'vitest';
import { addressLimitKey } from '../../lib/rate-limit/limits';

describe('addressLimitKey', () => {
  it('folds +tags for every domain', () => {
    expect(addressLimitKey('ana+1@x.com')).toBe('ana@x.com');
    expect(addressLimitKey('ana+news+more@x.com')).toBe('ana@x.com');
    expect(addressLimitKey('ana@x.com')).toBe('ana@x.com');
  });

  it('ignores dots in Gmail local parts, and googlemail.com counts as gmail.com', () => {
    expect(addressLimitKey('a.n.a@gmail.com')).toBe('ana@gmail.com');
    expect(addressLimitKey('ana@googlemail.com')).toBe('ana@gmail.com');
    expect(addressLimitKey('A.Na+x@GoogleMail.com')).toBe('ana@gmail.com');
  });

  it('keeps dots elsewhere, and what it cannot fold', () => {
    expect(addressLimitKey('a.n.a@x.com')).toBe('a.n.a@x.com');
    expect(addressLimitKey('+tag@x.com')).toBe('+tag@x.com');
    expect(addressLimitKey('...@gmail.com')).toBe('...@gmail.com');
  });
});
