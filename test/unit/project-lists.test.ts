// The two forms of a project's lists in CreateProjectDto (lib/projects/schemas.ts): the single
// field of older clients and the list, merged into what a project stores, each entry validated
// like the single field, 1–20 entries; and the workflow redirect rule over the lists.
import { describe, expect, it } from 'vitest';
import { createProjectSchema } from '../../lib/projects/schemas';
import { isRedirectAllowed } from '../../lib/workflows/redirect-rule';

const parse = (body: Record<string, unknown>) => createProjectSchema.safeParse({ name: 'Lists', ...body });
const accepts = (body: Record<string, unknown>) => {
  const r = parse(body);
  if (!r.success) throw new Error(`rejected ${JSON.stringify(body)}: ${JSON.stringify(r.error.issues)}`);
  return r.data;
};
const issues = (body: Record<string, unknown>) => {
  const r = parse(body);
  expect(r.success, `expected ${JSON.stringify(body).slice(0, 200)} to be rejected`).toBe(false);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
const origins = (n: number, host = 'o') => Array.from({ length: n }, (_, i) => `https://${host}${i}.example.com`);

describe('allowedOrigin / allowedOrigins, redirectUrl / redirectUrls', () => {
  it('the single field alone is a list of one, marked so that an update keeps the other entries', () => {
    const data = accepts({ allowedOrigin: 'https://a.example.com', redirectUrl: 'https://a.example.com/cb' });
    expect(data.allowedOrigins).toEqual(['https://a.example.com']);
    expect(data.redirectUrls).toEqual(['https://a.example.com/cb']);
    expect(data.singleOnly.sort()).toEqual(['allowedOrigins', 'redirectUrls']);
  });

  it('the list alone is the whole list; its first entry is the single field', () => {
    const data = accepts({
      allowedOrigins: ['https://a.example.com', 'http://localhost:5173'],
      redirectUrls: ['https://a.example.com/cb', 'http://localhost:5173/cb'],
    });
    expect(data.allowedOrigins).toEqual(['https://a.example.com', 'http://localhost:5173']);
    expect(data.redirectUrls).toEqual(['https://a.example.com/cb', 'http://localhost:5173/cb']);
    expect(data.singleOnly).toEqual([]);
  });

  it('both: the single field first, then the list, duplicates (after normalization) removed', () => {
    const data = accepts({
      allowedOrigin: 'https://B.example.com:443',
      allowedOrigins: ['https://a.example.com', 'https://b.example.com', 'https://a.example.com/'],
      redirectUrl: 'https://a.example.com/cb',
      redirectUrls: ['https://a.example.com/cb', 'https://b.example.com/cb'],
    });
    expect(data.allowedOrigins).toEqual(['https://b.example.com', 'https://a.example.com']);
    expect(data.redirectUrls).toEqual(['https://a.example.com/cb', 'https://b.example.com/cb']);
    expect(data.singleOnly).toEqual([]);
  });

  it('one of the two forms is required, for each list, alongside every other bad field', () => {
    expect(issues({ name: '' })).toEqual([
      'name: must not be empty',
      'allowedOrigin: is required (or allowedOrigins)',
      'redirectUrl: is required (or redirectUrls)',
    ]);
    expect(issues({ allowedOrigins: [], redirectUrls: ['https://a.example.com/cb'] })).toEqual([
      'allowedOrigins: must have at least one entry',
    ]);
  });

  it('each entry is validated like the single field, and named by its index', () => {
    expect(
      issues({
        allowedOrigins: ['https://a.example.com', 'https://a.example.com/path', 'https://ok.example.com', 'ftp://x'],
        redirectUrls: ['https://a.example.com/cb', 'https://a.example.com/cb#frag'],
      }),
    ).toEqual([
      'allowedOrigins.1: must be an origin such as https://app.example.com (http only for localhost), without a path',
      'allowedOrigins.3: must be an origin such as https://app.example.com (http only for localhost), without a path',
      'redirectUrls.1: must be an absolute https URL (http only for localhost) without a fragment',
    ]);
    expect(issues({ allowedOrigins: 'https://a.example.com', redirectUrl: 'https://a.example.com/cb' })).toContain(
      'allowedOrigins: must be an array of origins',
    );
  });

  it('at most 20 entries, the single field included', () => {
    const redirectUrl = 'https://a.example.com/cb';
    expect(accepts({ allowedOrigins: origins(20), redirectUrl }).allowedOrigins).toHaveLength(20);
    expect(issues({ allowedOrigins: origins(21), redirectUrl })).toEqual([
      'allowedOrigins: must have at most 20 entries',
    ]);
    expect(issues({ allowedOrigin: 'https://extra.example.com', allowedOrigins: origins(20), redirectUrl })).toEqual([
      'allowedOrigins: must have at most 20 entries, the single field included',
    ]);
    // a duplicate does not count twice
    expect(
      accepts({ allowedOrigin: 'https://o0.example.com', allowedOrigins: origins(20), redirectUrl }).allowedOrigins,
    ).toHaveLength(20);
    const urls = origins(21).map((o) => `${o}/cb`);
    expect(issues({ allowedOrigin: 'https://a.example.com', redirectUrls: urls })).toEqual([
      'redirectUrls: must have at most 20 entries',
    ]);
  });
});

describe('isRedirectAllowed over the lists', () => {
  const project = {
    allowedOrigins: ['https://app.example.com', 'http://localhost:5173'],
    redirectUrls: ['https://app.example.com/cb', 'https://preview.example.net/auth'],
  };
  it('accepts any origin of either list, and nothing else', () => {
    expect(isRedirectAllowed(project, 'https://app.example.com/done')).toBe(true);
    expect(isRedirectAllowed(project, 'http://localhost:5173/done')).toBe(true);
    expect(isRedirectAllowed(project, 'https://preview.example.net/other')).toBe(true);
    expect(isRedirectAllowed(project, 'https://evil.example.com/done')).toBe(false);
    expect(isRedirectAllowed(project, 'http://localhost:5174/done')).toBe(false);
  });
});
