// Helpers for dashboard tests over plain HTTP: sign in through the magic link the way a
// browser does (form post → mailbox → landing Continue → callback), and submit the
// dashboard's forms the way a browser without JavaScript does (all hidden inputs of the
// rendered form, including Next.js's action fields, plus the visible fields).

export type Cookies = Map<string, string>;

export function cookieHeader(jar: Cookies): string {
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** Applies a response's Set-Cookie headers to a jar (deletions included). */
export function storeCookies(jar: Cookies, res: Response): string[] {
  const set = res.headers.getSetCookie();
  for (const line of set) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (!value || /max-age=0\b/i.test(line) || /expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
    else jar.set(name, value);
  }
  return set;
}

/**
 * One request with the jar's cookies. Non-GET requests carry `Origin: baseUrl` as a
 * browser's same-origin form post does; `headers` adds or overrides (null removes one).
 */
export async function request(
  baseUrl: string,
  jar: Cookies,
  method: string,
  path: string,
  body?: FormData | URLSearchParams,
  extraHeaders: Record<string, string | null> = {},
): Promise<{ status: number; location: string | null; text: string; headers: Headers; setCookies: string[] }> {
  const headers: Record<string, string> = { cookie: cookieHeader(jar) };
  if (method !== 'GET') headers.origin = baseUrl;
  for (const [name, value] of Object.entries(extraHeaders)) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  const res = await fetch(path.startsWith('http') ? path : `${baseUrl}${path}`, {
    method,
    headers,
    body,
    redirect: 'manual',
  });
  const setCookies = storeCookies(jar, res);
  return {
    status: res.status,
    location: res.headers.get('location'),
    text: await res.text(),
    headers: res.headers,
    setCookies,
  };
}

/**
 * Asks for a dashboard sign-in link at /login in the browser of `jar` (the form's post);
 * returns that answer and the code of the link it emailed ('' when none came).
 */
export async function requestSignInLink(
  baseUrl: string,
  jar: Cookies,
  email: string,
  headers: Record<string, string | null> = {},
) {
  const before = await mailboxLinks(baseUrl, email);
  const submitted = await request(baseUrl, jar, 'POST', '/login/submit', new URLSearchParams({ email }), headers);
  const link = (await mailboxLinks(baseUrl, email)).find((l) => l.includes('/l/') && !before.includes(l));
  return { submitted, code: link ? (new URL(link).pathname.split('/').pop() ?? '') : '' };
}

/** Signs in at /login with an address; returns the cookie jar holding the dashboard cookie. */
export async function signIn(baseUrl: string, email: string): Promise<{ jar: Cookies; setCookies: string[] }> {
  const jar: Cookies = new Map();
  const { submitted, code } = await requestSignInLink(baseUrl, jar, email);
  if (submitted.status !== 303 || !submitted.location?.endsWith('/login?sent=1')) {
    throw new Error(`login submit: ${submitted.status} ${submitted.location}`);
  }
  if (!code) throw new Error(`no sign-in link for ${email}`);
  const cont = await request(baseUrl, jar, 'POST', '/l/continue', new URLSearchParams({ code }));
  if (cont.status !== 303 || !cont.location) throw new Error(`continue: ${cont.status}`);
  const callback = await request(baseUrl, jar, 'GET', cont.location);
  if (callback.status !== 303 || !callback.location?.endsWith('/dashboard')) {
    throw new Error(`callback: ${callback.status} ${callback.location}`);
  }
  return { jar, setCookies: callback.setCookies };
}

/**
 * Creates a project through the dashboard's "create project" form, as a browser posts it
 * (empty optional fields included); anything but a 303 to the project's page throws.
 * Returns the new project's id.
 */
export async function createProjectInDashboard(
  baseUrl: string,
  jar: Cookies,
  name: string,
  fields: Record<string, string> = {},
): Promise<string> {
  const created = await submitForm(baseUrl, jar, '/dashboard', 'create-project', {
    name,
    allowedOrigin: 'http://localhost:5173',
    redirectUrl: 'http://localhost:5173/callback',
    sessionValidSeconds: '',
    logoUrl: '',
    ...fields,
  });
  if (created.status !== 303) throw new Error(`create project: ${created.status} ${created.text.slice(0, 300)}`);
  return (created.location ?? '').split('/').pop() ?? '';
}

export async function mailboxLinks(baseUrl: string, email: string): Promise<string[]> {
  const res = await fetch(`${baseUrl}/api/dev/mailbox?to=${encodeURIComponent(email)}`);
  const data = (await res.json()) as { messages: { links: string[] }[] };
  return data.messages.flatMap((m) => m.links);
}

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name.replace(/[$]/g, '\\$')}="([^"]*)"`).exec(tag);
  return match ? decodeEntities(match[1] ?? '') : undefined;
}

function formHtml(html: string, formName: string, index: number): string {
  const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].filter(
    (m) => attribute(m[1] ?? '', 'data-form') === formName,
  );
  const form = forms[index];
  if (!form) throw new Error(`no form "${formName}" #${index} in the page`);
  return form[2] ?? '';
}

/** The hidden inputs of the n-th form marked data-form="name" in a page. */
export function hiddenFields(html: string, formName: string, index = 0): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const input of formHtml(html, formName, index).matchAll(/<input\b([^>]*)>/g)) {
    const tag = input[1] ?? '';
    if (attribute(tag, 'type') !== 'hidden') continue;
    const name = attribute(tag, 'name');
    if (name) fields[name] = attribute(tag, 'value') ?? '';
  }
  return fields;
}

/**
 * What a browser would post for the n-th form marked data-form="name" before anyone types:
 * hidden inputs, ticked checkboxes and each select's chosen option, in document order.
 */
export function formEntries(html: string, formName: string, index = 0): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  const controls = /<input\b([^>]*)>|<select\b([^>]*)>([\s\S]*?)<\/select>/g;
  for (const match of formHtml(html, formName, index).matchAll(controls)) {
    if (match[1] !== undefined) {
      const tag = match[1];
      const name = attribute(tag, 'name');
      const type = attribute(tag, 'type');
      if (!name) continue;
      if (type === 'hidden') entries.push([name, attribute(tag, 'value') ?? '']);
      else if (type === 'checkbox' && /\schecked(=|\s|$)/.test(tag))
        entries.push([name, attribute(tag, 'value') ?? 'on']);
    } else {
      const name = attribute(match[2] ?? '', 'name');
      const options = [...(match[3] ?? '').matchAll(/<option\b([^>]*)>/g)].map((o) => o[1] ?? '');
      const chosen = options.find((o) => /\sselected(=|\s|$)/.test(o)) ?? options[0];
      if (name && chosen !== undefined) entries.push([name, attribute(chosen, 'value') ?? '']);
    }
  }
  return entries;
}

/**
 * Submits a form of `pagePath` as a browser without JavaScript would, with `fields`
 * replacing or adding values (the forged-post case: another organization's ids; a list
 * posts the name several times, like ticked checkboxes).
 */
export async function submitForm(
  baseUrl: string,
  jar: Cookies,
  pagePath: string,
  formName: string,
  fields: Record<string, string | string[]>,
  index = 0,
) {
  const page = await request(baseUrl, jar, 'GET', pagePath);
  if (page.status !== 200) throw new Error(`GET ${pagePath}: ${page.status}`);
  const body = new FormData();
  for (const [k, v] of formEntries(page.text, formName, index)) if (!(k in fields)) body.append(k, v);
  for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
  return request(baseUrl, jar, 'POST', pagePath, body);
}
