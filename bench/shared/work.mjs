// The floor's database work for the four hot paths, shared by bench/floor (node:http)
// and bench/ceiling (Next.js route handlers) so that both run exactly the same SQL.
// Same work as the app: hash the code, one indexed lookup joining session, user and
// project; verify's atomic single-use UPDATE and its inserts; send's two inserts.
// Nothing else: no validation beyond presence, no CORS, no problem JSON.
import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import postgres from 'postgres';

const g = globalThis;
/** One pool per process (Next.js bundles each route handler separately). */
export function sql() {
  g.__benchFloorSql ??= postgres(process.env.DATABASE_URL, {
    max: Number(process.env.DATABASE_POOL_MAX ?? 10),
    idle_timeout: 60,
    onnotice: () => {},
  });
  return g.__benchFloorSql;
}

const hash = (token) => createHash('sha256').update(token, 'utf8').digest('hex');
const iso = (d) => d.toISOString();
const sealKey = randomBytes(32);
const MESSAGE_FILLER = '<p style="font-size:13px;color:#52525b">x</p>'.repeat(60);

export const SQL = {
  session: `select p.client_token, s.created_at, s.updated_at, s.expires_at, s.revoked_at
    from projects p left join sessions s on s.code_hash = $2 and s.project_id = p.id
    where p.id = $1 and p.deleted_at is null`,
  user: `select p.client_token, s.expires_at, s.revoked_at, u.email, u.user_hash, u.created_at, u.updated_at
    from projects p left join sessions s on s.code_hash = $2 and s.project_id = p.id
    left join users u on u.id = s.user_id
    where p.id = $1 and p.deleted_at is null`,
  claim: `update challenges c set used_at = $4, updated_at = $4
    from projects p
    where p.id = $1 and p.client_token = $2 and p.deleted_at is null and ($5::text is null or p.allowed_origin = $5)
      and c.code_hash = $3 and c.project_id = p.id
      and c.used_at is null and c.failed_at is null and c.expires_at > $4
    returning c.email, c.hosted_login_id, p.user_hash_key, p.session_valid_seconds`,
  signIn: `with u as (
      insert into users (project_id, email, user_hash, last_sign_in_at) values ($1, $2, $3, $4)
      on conflict (project_id, email) do update set last_sign_in_at = excluded.last_sign_in_at, updated_at = now()
      returning id, email, user_hash, created_at, updated_at),
    s as (
      insert into sessions (project_id, user_id, code_hash, created_at, updated_at, expires_at)
      select $1, u.id, $5, $4, $4, $6 from u
      returning created_at, updated_at, expires_at)
    select u.email, u.user_hash, u.created_at as user_created_at, u.updated_at as user_updated_at,
      s.created_at, s.updated_at, s.expires_at from u, s`,
  project: `select id, client_token, organization_id, redirect_url from projects where id = $1 and deleted_at is null`,
  send: `with c as (
      insert into challenges (project_id, email, code_hash, state, redirect_url, hosted_login_id, expires_at)
      values ($1, $2, $3, $4, $5, $6, $7) returning id)
    insert into email_messages (organization_id, project_id, to_address, subject, transport, status, sealed_content)
    select $8, $1, $2, $9, 'outbox', 'stored', $10 from c returning id`,
};

const q = (text, params) => sql().unsafe(text, params, { prepare: true });
const fail = (status) => ({ status, body: { status } });

export async function getSession({ projectId, clientToken, sessionCode }) {
  if (!projectId || !clientToken || !sessionCode) return fail(400);
  const [row] = await q(SQL.session, [projectId, hash(sessionCode)]);
  if (!row || row.client_token !== clientToken) return fail(401);
  if (!row.created_at) return fail(404);
  const now = new Date();
  const status = row.revoked_at ? 'revoked' : row.expires_at > now ? 'active' : 'expired';
  return {
    status: 200,
    body: {
      code: sessionCode,
      status,
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
      expiresAt: iso(row.expires_at),
    },
  };
}

export async function getUser({ projectId, clientToken, sessionCode }) {
  if (!projectId || !clientToken || !sessionCode) return fail(400);
  const [row] = await q(SQL.user, [projectId, hash(sessionCode)]);
  if (!row || row.client_token !== clientToken) return fail(401);
  if (!row.email) return fail(404);
  if (row.revoked_at || !(row.expires_at > new Date())) return fail(403);
  return {
    status: 200,
    body: {
      emailAddress: row.email,
      userHash: row.user_hash,
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
    },
  };
}

export async function verify({ projectId, clientToken, challengeCode }) {
  if (!projectId || !clientToken || !challengeCode) return fail(400);
  const now = new Date();
  const sessionCode = randomBytes(32).toString('base64url');
  const result = await sql().begin(async (tx) => {
    const [claimed] = await tx.unsafe(SQL.claim, [projectId, clientToken, hash(challengeCode), now, null], {
      prepare: true,
    });
    if (!claimed) return null;
    const userHash = createHmac('sha256', claimed.user_hash_key).update(claimed.email, 'utf8').digest('hex');
    const expiresAt = new Date(now.getTime() + claimed.session_valid_seconds * 1000);
    const [row] = await tx.unsafe(SQL.signIn, [projectId, claimed.email, userHash, now, hash(sessionCode), expiresAt], {
      prepare: true,
    });
    return row;
  });
  if (!result) return fail(404);
  return {
    status: 200,
    body: {
      status: 'verified',
      session: {
        code: sessionCode,
        status: 'active',
        createdAt: iso(result.created_at),
        updatedAt: iso(result.updated_at),
        expiresAt: iso(result.expires_at),
      },
      user: {
        emailAddress: result.email,
        userHash: result.user_hash,
        createdAt: iso(result.user_created_at),
        updatedAt: iso(result.user_updated_at),
      },
    },
  };
}

export async function send({ projectId, clientToken, emailAddress, state }) {
  if (!projectId || !clientToken || !emailAddress) return fail(400);
  const [project] = await q(SQL.project, [projectId]);
  if (!project || project.client_token !== clientToken) return fail(401);
  const code = randomBytes(32).toString('base64url');
  const email = emailAddress.trim().toLowerCase();
  const expiresAt = new Date(Date.now() + 900_000);
  // The outbox stores the message sealed: a message of the size of the app's default email
  // (about 3 KB of html and text), so the same bytes are encrypted and sent to the database.
  const link = `http://127.0.0.1/l/${code}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey, iv);
  const content = JSON.stringify({
    html: `<a href="${link}">Sign in</a>${MESSAGE_FILLER}`,
    text: `Sign in:\n${link}`,
    links: [link],
  });
  const sealed = Buffer.concat([cipher.update(content), cipher.final()]).toString('base64url');
  await q(SQL.send, [
    projectId,
    email,
    hash(code),
    state ?? null,
    project.redirect_url,
    null,
    expiresAt,
    project.organization_id,
    'Sign in',
    `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${sealed}`,
  ]);
  return { status: 201, body: { status: 'sent', expiresAt: iso(expiresAt) } };
}

export const routes = {
  'GET /api/session': getSession,
  'GET /api/user': getUser,
  'POST /api/challenge/verify': verify,
  'POST /api/challenge/send': send,
};
