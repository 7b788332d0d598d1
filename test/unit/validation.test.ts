import { describe, expect, it } from 'vitest';
import { createProjectSchema, MAX_TEMPLATE_BYTES } from '../../lib/projects/schemas';
import { emailSchema, isSameOrigin, originSchema, redirectUrlSchema, uuidSchema } from '../../lib/validation';

const base = {
  name: 'My App',
  allowedOrigin: 'https://app.example.com',
  redirectUrl: 'https://app.example.com/callback',
};

const parse = (over: Record<string, unknown>) => createProjectSchema.safeParse({ ...base, ...over });
const accepts = (over: Record<string, unknown>) => {
  const r = parse(over);
  if (!r.success) throw new Error(`rejected ${JSON.stringify(over)}: ${JSON.stringify(r.error.issues)}`);
  return r.data;
};
const rejectsAt = (over: Record<string, unknown>, field: string) => {
  const r = parse(over);
  expect(r.success, `expected ${JSON.stringify(over).slice(0, 200)} to be rejected`).toBe(false);
  if (!r.success) expect(r.error.issues.map((i) => i.path.join('.'))).toContain(field);
};

describe('createProjectSchema: minimal body', () => {
  it('accepts the required fields and fills defaults', () => {
    const data = accepts({});
    expect(data).toMatchObject({
      name: 'My App',
      allowedOrigins: ['https://app.example.com'],
      redirectUrls: ['https://app.example.com/callback'],
      sessionValidSeconds: 3600,
    });
    expect(data.emailSubject).toBeNull();
    expect(data.emailTemplate).toBeNull();
    expect(data.logoUrl).toBeNull();
  });

  it('requires name, allowedOrigin and redirectUrl', () => {
    for (const field of ['name', 'allowedOrigin', 'redirectUrl']) {
      const body: Record<string, unknown> = { ...base };
      delete body[field];
      const r = createProjectSchema.safeParse(body);
      expect(r.success).toBe(false);
      if (!r.success) expect(r.error.issues.map((i) => i.path.join('.'))).toContain(field);
    }
  });
});

describe('name', () => {
  it('is 1–100 characters (trimmed)', () => {
    expect(accepts({ name: 'x' }).name).toBe('x');
    expect(accepts({ name: 'x'.repeat(100) }).name).toHaveLength(100);
    expect(accepts({ name: '  Padded  ' }).name).toBe('Padded');
    rejectsAt({ name: '' }, 'name');
    rejectsAt({ name: '   ' }, 'name');
    rejectsAt({ name: 'x'.repeat(101) }, 'name');
    rejectsAt({ name: 42 }, 'name');
  });
});

describe('allowedOrigin', () => {
  it('accepts an https origin, with or without port, and a trailing slash', () => {
    expect(accepts({ allowedOrigin: 'https://app.example.com' }).allowedOrigins[0]).toBe('https://app.example.com');
    expect(accepts({ allowedOrigin: 'https://app.example.com:8443' }).allowedOrigins[0]).toBe(
      'https://app.example.com:8443',
    );
    expect(accepts({ allowedOrigin: 'https://app.example.com/' }).allowedOrigins[0]).toBe('https://app.example.com');
  });

  it('accepts any spelling of an origin and stores it normalized (lower-case host, default port dropped)', () => {
    expect(accepts({ allowedOrigin: 'https://APP.Example.com' }).allowedOrigins[0]).toBe('https://app.example.com');
    expect(accepts({ allowedOrigin: 'https://app.example.com:443' }).allowedOrigins[0]).toBe('https://app.example.com');
  });

  it('allows plain http only for localhost and 127.0.0.1', () => {
    expect(accepts({ allowedOrigin: 'http://localhost:3000' }).allowedOrigins[0]).toBe('http://localhost:3000');
    expect(accepts({ allowedOrigin: 'http://localhost' }).allowedOrigins[0]).toBe('http://localhost');
    expect(accepts({ allowedOrigin: 'http://127.0.0.1:5173' }).allowedOrigins[0]).toBe('http://127.0.0.1:5173');
    rejectsAt({ allowedOrigin: 'http://app.example.com' }, 'allowedOrigin');
    rejectsAt({ allowedOrigin: 'http://192.168.1.10:3000' }, 'allowedOrigin');
    rejectsAt({ allowedOrigin: 'http://localhost.evil.com' }, 'allowedOrigin');
  });

  it('rejects anything that is not just an origin', () => {
    for (const bad of [
      'https://app.example.com/path',
      'https://app.example.com/callback?x=1',
      'https://app.example.com?x=1',
      'https://app.example.com#frag',
      'https://user:pass@app.example.com',
      'app.example.com',
      '//app.example.com',
      'ftp://app.example.com',
      'javascript:alert(1)',
      '*',
      '',
      'null',
    ]) {
      rejectsAt({ allowedOrigin: bad }, 'allowedOrigin');
    }
  });
});

describe('redirectUrl', () => {
  it('accepts absolute https URLs with path and query, http only on localhost', () => {
    expect(accepts({ redirectUrl: 'https://app.example.com/auth/callback?x=1' }).redirectUrls[0]).toBe(
      'https://app.example.com/auth/callback?x=1',
    );
    expect(accepts({ redirectUrl: 'http://localhost:3000/cb' }).redirectUrls[0]).toBe('http://localhost:3000/cb');
    expect(accepts({ redirectUrl: 'http://127.0.0.1/cb' }).redirectUrls[0]).toBe('http://127.0.0.1/cb');
  });

  it('rejects fragments, relative URLs, other schemes and http elsewhere', () => {
    for (const bad of [
      'https://app.example.com/cb#x',
      'https://app.example.com/cb#',
      '/callback',
      'app.example.com/cb',
      'http://app.example.com/cb',
      'javascript:alert(1)',
      'data:text/html,hi',
      'https://user:pw@app.example.com/cb',
      '',
    ]) {
      rejectsAt({ redirectUrl: bad }, 'redirectUrl');
    }
  });
});

describe('sessionValidSeconds', () => {
  it('defaults to 3600', () => {
    expect(accepts({}).sessionValidSeconds).toBe(3600);
    expect(accepts({ sessionValidSeconds: undefined }).sessionValidSeconds).toBe(3600);
  });

  it('accepts integers 60..31536000', () => {
    expect(accepts({ sessionValidSeconds: 60 }).sessionValidSeconds).toBe(60);
    expect(accepts({ sessionValidSeconds: 86_400 }).sessionValidSeconds).toBe(86_400);
    expect(accepts({ sessionValidSeconds: 31_536_000 }).sessionValidSeconds).toBe(31_536_000);
  });

  it('rejects out-of-range, fractional and non-number values', () => {
    for (const bad of [59, 0, -1, 31_536_001, 60.5, 3600.1, '3600', null, Number.NaN, Number.POSITIVE_INFINITY, true]) {
      rejectsAt({ sessionValidSeconds: bad }, 'sessionValidSeconds');
    }
  });
});

describe('sessionIdleSeconds', () => {
  it('is optional: omitted or null means no sliding (null)', () => {
    expect(accepts({}).sessionIdleSeconds).toBeNull();
    expect(accepts({ sessionIdleSeconds: null }).sessionIdleSeconds).toBeNull();
  });

  it('accepts integers from 60 up to sessionValidSeconds', () => {
    expect(accepts({ sessionIdleSeconds: 60 }).sessionIdleSeconds).toBe(60);
    expect(accepts({ sessionIdleSeconds: 3600 }).sessionIdleSeconds).toBe(3600);
    expect(accepts({ sessionIdleSeconds: 86_400, sessionValidSeconds: 86_400 }).sessionIdleSeconds).toBe(86_400);
  });

  it('rejects below 60, above sessionValidSeconds (default 3600), fractional and non-number values', () => {
    for (const bad of [59, 0, -1, 3601, 60.5, '600', true, Number.NaN]) {
      rejectsAt({ sessionIdleSeconds: bad }, 'sessionIdleSeconds');
    }
    rejectsAt({ sessionIdleSeconds: 600, sessionValidSeconds: 599 }, 'sessionIdleSeconds');
    rejectsAt({ sessionIdleSeconds: 31_536_001, sessionValidSeconds: 31_536_000 }, 'sessionIdleSeconds');
  });
});

describe('emailSubject', () => {
  it('accepts up to 200 characters', () => {
    expect(accepts({ emailSubject: 'Sign in to {{projectName}}' }).emailSubject).toBe('Sign in to {{projectName}}');
    expect(accepts({ emailSubject: 'x'.repeat(200) }).emailSubject).toHaveLength(200);
  });

  it('treats "" and null as not set', () => {
    expect(accepts({ emailSubject: '' }).emailSubject).toBeNull();
    expect(accepts({ emailSubject: null }).emailSubject).toBeNull();
  });

  it('rejects more than 200 characters and line breaks', () => {
    rejectsAt({ emailSubject: 'x'.repeat(201) }, 'emailSubject');
    rejectsAt({ emailSubject: 'Hello\nBcc: x@y.test' }, 'emailSubject');
    rejectsAt({ emailSubject: 'Hello\rWorld' }, 'emailSubject');
    rejectsAt({ emailSubject: 'Hello\r\n' }, 'emailSubject');
    rejectsAt({ emailSubject: 12 }, 'emailSubject');
  });
});

describe('emailTemplate', () => {
  it('must contain {{link}}', () => {
    expect(accepts({ emailTemplate: '<a href="{{link}}">Sign in</a>' }).emailTemplate).toContain('{{link}}');
    rejectsAt({ emailTemplate: '<p>no link here</p>' }, 'emailTemplate');
    rejectsAt({ emailTemplate: '<p>{link}</p>' }, 'emailTemplate');
  });

  it('is at most 100 KB (bytes, not characters)', () => {
    expect(MAX_TEMPLATE_BYTES).toBe(100 * 1024);
    const fits = `{{link}}${'x'.repeat(MAX_TEMPLATE_BYTES - 8)}`;
    expect(Buffer.byteLength(fits)).toBe(MAX_TEMPLATE_BYTES);
    expect(accepts({ emailTemplate: fits }).emailTemplate).toBe(fits);
    rejectsAt({ emailTemplate: `${fits}x` }, 'emailTemplate');
    // multi-byte characters count by their UTF-8 size
    const wide = `{{link}}${'é'.repeat(MAX_TEMPLATE_BYTES / 2)}`;
    expect(wide.length).toBeLessThan(MAX_TEMPLATE_BYTES);
    rejectsAt({ emailTemplate: wide }, 'emailTemplate');
  });

  it('treats "" and null as not set (the default template)', () => {
    expect(accepts({ emailTemplate: '' }).emailTemplate).toBeNull();
    expect(accepts({ emailTemplate: null }).emailTemplate).toBeNull();
  });
});

describe('logoUrl', () => {
  it('accepts https URLs only', () => {
    expect(accepts({ logoUrl: 'https://cdn.example.com/logo.png' }).logoUrl).toBe('https://cdn.example.com/logo.png');
    expect(accepts({ logoUrl: '' }).logoUrl).toBeNull();
    expect(accepts({ logoUrl: null }).logoUrl).toBeNull();
    for (const bad of [
      'http://cdn.example.com/logo.png',
      'http://localhost/logo.png',
      'javascript:alert(1)',
      'data:image/png;base64,AAAA',
      '/logo.png',
      'logo.png',
    ]) {
      rejectsAt({ logoUrl: bad }, 'logoUrl');
    }
  });
});

describe('shared field schemas', () => {
  it('uuidSchema accepts a UUID (any case, trimmed) and rejects others', () => {
    expect(uuidSchema.parse(' 8C1D5E3A-1B2C-4D5E-8F90-1234567890AB ')).toBe('8c1d5e3a-1b2c-4d5e-8f90-1234567890ab');
    for (const bad of ['', 'not-a-uuid', '8c1d5e3a1b2c4d5e8f901234567890ab', "1' or '1'='1"]) {
      expect(uuidSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('emailSchema trims and lower-cases, rejects bad addresses', () => {
    expect(emailSchema.parse('  Alice@Example.TEST ')).toBe('alice@example.test');
    for (const bad of ['', 'alice', 'alice@', '@example.test', 'a b@example.test', `${'a'.repeat(250)}@example.test`]) {
      expect(emailSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('originSchema and redirectUrlSchema are usable on their own', () => {
    expect(originSchema.parse('http://localhost:4321')).toBe('http://localhost:4321');
    expect(redirectUrlSchema.safeParse('https://x.test/#a').success).toBe(false);
  });

  it('isSameOrigin compares URL origins', () => {
    expect(isSameOrigin('https://a.test/x', 'https://a.test:443/y?z')).toBe(true);
    expect(isSameOrigin('https://a.test', 'http://a.test')).toBe(false);
    expect(isSameOrigin('https://a.test', 'https://b.a.test')).toBe(false);
    // URLs without an origin (unparsable, or opaque-origin schemes) match nothing
    expect(isSameOrigin('not a url', 'not a url')).toBe(false);
    expect(isSameOrigin('javascript:alert(1)', 'data:text/html,x')).toBe(false);
  });
});
