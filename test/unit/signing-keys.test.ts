import { describe, expect, it } from 'vitest';
import { isPublished, keyStates } from '../../lib/access-tokens/signing-keys';

// The rule of staged rotation (lib/access-tokens/signing-keys.ts): a key signs from its
// activation until the next key activates, and is published until then + the token lifetime.
const at = (seconds: number) => new Date(Date.UTC(2030, 0, 1) + seconds * 1000);
const TTL = 60;

describe('keyStates', () => {
  it('a single key signs from its activation', () => {
    expect(keyStates([{ kid: 'a', activatesAt: at(0) }], at(10), TTL)).toEqual([
      { kid: 'a', activatesAt: at(0), state: 'signing', since: at(0) },
    ]);
  });

  it('a staged key is next (published) while the current one signs; then they swap; then the old one retires', () => {
    const keys = [
      { kid: 'new', activatesAt: at(400) },
      { kid: 'old', activatesAt: at(0) },
    ];
    const states = (now: number) => keyStates(keys, at(now), TTL).map((k) => [k.kid, k.state]);
    expect(states(100)).toEqual([
      ['old', 'signing'],
      ['new', 'next'],
    ]);
    expect(states(400)).toEqual([
      ['old', 'retiring'],
      ['new', 'signing'],
    ]);
    expect(keyStates(keys, at(459), TTL)[0]).toMatchObject({ state: 'retiring', until: at(460) });
    expect(states(460)).toEqual([
      ['old', 'retired'],
      ['new', 'signing'],
    ]);
    expect(
      keyStates(keys, at(460), TTL)
        .filter(isPublished)
        .map((k) => k.kid),
    ).toEqual(['new']);
    expect(
      keyStates(keys, at(100), TTL)
        .filter(isPublished)
        .map((k) => k.kid),
    ).toEqual(['old', 'new']);
  });

  it('orders keys of the same activation by kid, as the SQL does', () => {
    const keys = [
      { kid: 'b', activatesAt: at(0) },
      { kid: 'a', activatesAt: at(0) },
    ];
    expect(keyStates(keys, at(1), TTL).map((k) => [k.kid, k.state])).toEqual([
      ['a', 'retiring'],
      ['b', 'signing'],
    ]);
  });
});
