// The handoff from proxy.ts to a hosted page (lib/pages/page-state.ts): the page takes
// only a value this process sealed, for the same lookup and subject.
import { describe, expect, it } from 'vitest';
import { openPageState, PAGE_STATE_HEADER, sealPageState } from '@/lib/pages/page-state';

const value = { ok: true, value: { kind: 'ready', projectName: 'Acme', logoUrl: null } };
const withHeader = (sealed: string) => new Headers({ [PAGE_STATE_HEADER]: sealed });

describe('page state', () => {
  it('opens what it sealed, for the same lookup and subject', () => {
    const sealed = sealPageState('landing', 'code-1', value);
    expect(openPageState(withHeader(sealed), 'landing', 'code-1')).toEqual(value);
  });

  it('is ASCII, so it fits in a header whatever the project is called', () => {
    const sealed = sealPageState('landing', 'code-1', { projectName: 'Café ☕ <Ünïcode>' });
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(openPageState(withHeader(sealed), 'landing', 'code-1')).toEqual({ projectName: 'Café ☕ <Ünïcode>' });
  });

  it('refuses it for another subject or another lookup', () => {
    const sealed = sealPageState('landing', 'code-1', value);
    expect(openPageState(withHeader(sealed), 'landing', 'code-2')).toBeUndefined();
    expect(openPageState(withHeader(sealed), 'hosted-login', 'code-1')).toBeUndefined();
  });

  it('refuses a changed payload, a forged or missing signature, and no header', () => {
    const sealed = sealPageState('landing', 'code-1', value);
    const [payload = '', signature = ''] = sealed.split('.');
    const forged = Buffer.from(
      JSON.stringify({ name: 'landing', subject: 'code-1', value: { ok: true, value: { kind: 'ready' } } }),
    ).toString('base64url');
    expect(openPageState(withHeader(`${forged}.${signature}`), 'landing', 'code-1')).toBeUndefined();
    expect(openPageState(withHeader(`${payload}.${'A'.repeat(43)}`), 'landing', 'code-1')).toBeUndefined();
    expect(openPageState(withHeader(`${payload}.`), 'landing', 'code-1')).toBeUndefined();
    expect(openPageState(withHeader(payload), 'landing', 'code-1')).toBeUndefined();
    expect(openPageState(withHeader(`${sealed}.x`), 'landing', 'code-1')).toBeUndefined();
    expect(openPageState(new Headers(), 'landing', 'code-1')).toBeUndefined();
  });

  it('refuses a value sealed under another key (another process)', () => {
    const sealed = sealPageState('landing', 'code-1', value);
    const holder = globalThis as unknown as Record<symbol, Buffer | undefined>;
    const key = Symbol.for('uauth.pageStateKey');
    const ours = holder[key];
    holder[key] = Buffer.alloc(32, 7);
    try {
      expect(openPageState(withHeader(sealed), 'landing', 'code-1')).toBeUndefined();
    } finally {
      holder[key] = ours;
    }
    expect(openPageState(withHeader(sealed), 'landing', 'code-1')).toEqual(value);
  });
});
