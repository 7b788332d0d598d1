// Email templates: `{{name}}` variables, every value HTML-escaped when substituted.

export type TemplateVariables = {
  link: string;
  projectName: string;
  emailAddress: string;
  expiresInMinutes: string;
  logoUrl: string;
};

export const DEFAULT_SUBJECT = 'Sign in to {{projectName}}';

export const DEFAULT_TEMPLATE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Sign in to {{projectName}}</title>
  </head>
  <body style="margin:0;padding:0;background:#f4f4f5;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#18181b;">
    <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="padding:32px 16px;">
      <tr>
        <td align="center">
          <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:480px;background:#ffffff;border-radius:12px;padding:32px;">
            <tr>
              <td>
                {{logo}}
                <h1 style="font-size:20px;margin:0 0 16px;">Sign in to {{projectName}}</h1>
                <p style="font-size:15px;line-height:1.5;margin:0 0 24px;">Click the button below to sign in as <strong>{{emailAddress}}</strong>.</p>
                <p style="margin:0 0 24px;">
                  <a href="{{link}}" style="display:inline-block;background:#18181b;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:8px;font-weight:600;">Sign in</a>
                </p>
                <p style="font-size:13px;line-height:1.5;color:#52525b;margin:0 0 8px;">This link expires in {{expiresInMinutes}} minutes and can be used once.</p>
                <p style="font-size:13px;line-height:1.5;color:#52525b;margin:0;">If you did not ask to sign in, you can ignore this email.</p>
              </td>
            </tr>
          </table>
        </td>
      </tr>
    </table>
  </body>
</html>`;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

function substitute(template: string, values: Record<string, string>, encode: (v: string) => string): string {
  return template.replace(/\{\{\s*([a-zA-Z]+)\s*\}\}/g, (match, name: string) =>
    Object.hasOwn(values, name) ? encode(values[name] ?? '') : match,
  );
}

export type RenderedEmail = { subject: string; html: string; text: string };

/** Renders a project's (or the default) subject and HTML, plus a plain-text part. */
export function renderEmail(
  template: { subject: string | null; html: string | null },
  vars: TemplateVariables,
): RenderedEmail {
  const isDefault = template.html === null;
  const htmlSource = template.html ?? DEFAULT_TEMPLATE;
  const values: Record<string, string> = { ...vars };
  const html = substitute(isDefault ? withDefaultLogo(htmlSource, vars.logoUrl) : htmlSource, values, escapeHtml);
  // The subject is a header, not HTML: values go in as text, line breaks removed.
  const subject = substitute(template.subject ?? DEFAULT_SUBJECT, values, (v) => v.replace(/[\r\n]+/g, ' ')).slice(
    0,
    998,
  );
  const text = [
    `Sign in to ${vars.projectName}`,
    '',
    `Open this link to sign in as ${vars.emailAddress}:`,
    vars.link,
    '',
    `The link expires in ${vars.expiresInMinutes} minutes and can be used once.`,
    'If you did not ask to sign in, you can ignore this email.',
  ].join('\n');
  return { subject, html, text };
}

function withDefaultLogo(html: string, logoUrl: string): string {
  const logo = logoUrl
    ? '<img src="{{logoUrl}}" alt="" height="40" style="display:block;height:40px;margin:0 0 24px;">'
    : '';
  return html.replace('{{logo}}', logo);
}

/** The href targets of a rendered HTML email (what the development mailbox lists as links). */
export function extractLinks(html: string): string[] {
  const links = new Set<string>();
  for (const match of html.matchAll(/href\s*=\s*"([^"]*)"/gi)) {
    const href = (match[1] ?? '')
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
    if (/^https?:\/\//i.test(href)) links.add(href);
  }
  return [...links];
}
