import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SUBJECT,
  DEFAULT_TEMPLATE,
  escapeHtml,
  extractLinks,
  renderEmail,
  type TemplateVariables,
} from '../../lib/mail/template';

const vars = (over: Partial<TemplateVariables> = {}): TemplateVariables => ({
  link: 'https://auth.example.test/l/abcDEF123_-xyz',
  projectName: 'Acme',
  emailAddress: 'user@example.test',
  expiresInMinutes: '15',
  logoUrl: '',
  ...over,
});

const EVIL = `<script>alert("x")</script>&'"`;
const EVIL_ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;&quot;';

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml('plain text')).toBe('plain text');
  });
});

describe('renderEmail with a custom template', () => {
  const template = {
    subject: null,
    html: '<p>{{projectName}}|{{emailAddress}}|{{expiresInMinutes}}|{{logoUrl}}</p><a href="{{link}}">go</a>',
  };

  it('HTML-escapes every variable', () => {
    const out = renderEmail(template, {
      link: `https://x.test/?a=1&b="><script>`,
      projectName: EVIL,
      emailAddress: EVIL,
      expiresInMinutes: EVIL,
      logoUrl: EVIL,
    });
    expect(out.html).not.toContain('<script>');
    expect(out.html).toBe(
      `<p>${EVIL_ESCAPED}|${EVIL_ESCAPED}|${EVIL_ESCAPED}|${EVIL_ESCAPED}</p>` +
        '<a href="https://x.test/?a=1&amp;b=&quot;&gt;&lt;script&gt;">go</a>',
    );
  });

  it('substitutes every occurrence and tolerates spaces inside braces', () => {
    const out = renderEmail({ subject: null, html: '{{link}} {{ link }} {{projectName}}{{projectName}}' }, vars());
    expect(out.html).toBe(`${vars().link} ${vars().link} AcmeAcme`);
  });

  it('leaves unknown variables alone', () => {
    const out = renderEmail({ subject: null, html: '{{link}} {{unknown}}' }, vars());
    expect(out.html).toBe(`${vars().link} {{unknown}}`);
  });

  it('does not substitute inside substituted values (no template injection)', () => {
    const out = renderEmail({ subject: null, html: '{{projectName}} {{link}}' }, vars({ projectName: '{{link}}' }));
    expect(out.html).toBe(`{{link}} ${vars().link}`);
  });

  it('a plain-text part contains the link and no HTML', () => {
    const out = renderEmail(template, vars());
    expect(out.text).toContain(vars().link);
    expect(out.text).toContain('user@example.test');
    expect(out.text).not.toMatch(/<[a-z]/i);
  });
});

describe('renderEmail with the default template', () => {
  it('contains the link (as an href), the project name and the address', () => {
    const out = renderEmail({ subject: null, html: null }, vars({ projectName: 'Widget Co' }));
    expect(out.html).toContain(`href="${vars().link}"`);
    expect(out.html).toContain('Widget Co');
    expect(out.html).toContain('user@example.test');
    expect(out.html).toContain('15');
    expect(out.html).not.toMatch(/\{\{\s*\w+\s*\}\}/);
    expect(DEFAULT_TEMPLATE).toContain('{{link}}');
  });

  it('escapes the project name and address', () => {
    const out = renderEmail({ subject: null, html: null }, vars({ projectName: EVIL, emailAddress: EVIL }));
    expect(out.html).not.toContain('<script>');
    expect(out.html).toContain(EVIL_ESCAPED);
  });

  it('shows the logo only when there is one, escaped', () => {
    const without = renderEmail({ subject: null, html: null }, vars());
    expect(without.html).not.toContain('<img');
    const withLogo = renderEmail({ subject: null, html: null }, vars({ logoUrl: 'https://cdn.test/logo.png?a=1&b=2' }));
    expect(withLogo.html).toContain('<img src="https://cdn.test/logo.png?a=1&amp;b=2"');
  });

  it('has a default subject naming the project', () => {
    const out = renderEmail({ subject: null, html: null }, vars({ projectName: 'Widget Co' }));
    expect(DEFAULT_SUBJECT).toContain('{{projectName}}');
    expect(out.subject).toBe('Sign in to Widget Co');
  });
});

describe('subject', () => {
  it('custom subject substitutes variables as text (not HTML-escaped)', () => {
    const out = renderEmail(
      { subject: 'Your link for {{projectName}}', html: null },
      vars({ projectName: 'A & B <Co>' }),
    );
    expect(out.subject).toBe('Your link for A & B <Co>');
  });

  it('never contains line breaks, even when a variable does', () => {
    const out = renderEmail(
      { subject: '{{projectName}} sign-in', html: null },
      vars({ projectName: 'Evil\r\nBcc: victim@example.test\nX' }),
    );
    expect(out.subject).not.toMatch(/[\r\n]/);
    expect(out.subject).toContain('Evil');
  });

  it('is limited to 998 characters (RFC 5322 line length)', () => {
    const out = renderEmail({ subject: '{{projectName}}', html: null }, vars({ projectName: 'x'.repeat(5000) }));
    expect(out.subject.length).toBeLessThanOrEqual(998);
  });
});

describe('extractLinks', () => {
  it('decodes &amp; and other entities in href values', () => {
    expect(extractLinks('<a href="https://x.test/?a=1&amp;b=2">x</a>')).toEqual(['https://x.test/?a=1&b=2']);
    expect(extractLinks('<a href="https://x.test/?q=&quot;&#39;&lt;&gt;">x</a>')).toEqual([`https://x.test/?q="'<>`]);
  });

  it('keeps only http(s) links, de-duplicated, in order', () => {
    const html =
      '<a href="https://a.test/1">1</a><a HREF = "mailto:x@y.test">m</a><a href="javascript:alert(1)">j</a>' +
      '<a href="http://b.test/2">2</a><a href="https://a.test/1">again</a>';
    expect(extractLinks(html)).toEqual(['https://a.test/1', 'http://b.test/2']);
  });

  it('round-trips a rendered link whose query has & in it', () => {
    const link = 'https://auth.test/l/code?x=1&y=2';
    const out = renderEmail({ subject: null, html: null }, vars({ link }));
    expect(extractLinks(out.html)).toEqual([link]);
  });

  it('returns nothing for HTML without links', () => {
    expect(extractLinks('<p>no links</p>')).toEqual([]);
  });
});
