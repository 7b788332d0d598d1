// The floor's database work for the four hot paths, shared by bench/floor (node:http)
// and bench/ceiling (Next.js route handlers). The statements are the app's own, imported
// from lib/ (so these files run under tsx, or bundled by Next): hash the code, the session
// lookup (project, client token, session, user), verify's one statement, send's project
// read and its one insert of challenge and sealed message, with the userHash computed in JS
// as the app does; verify signs an access token (EdDSA, the app's claims) with a key kept in
// memory, as the app does once its key is cached. Nothing else: no validation beyond
// presence, no CORS, no problem JSON.
import { createCipheriv, createHash, createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import postgres from 'postgres';
import { clientTokenMatchSql } from '../../lib/auth/client-token-rule';
import { VERIFY_SQL } from '../../lib/challenges/verify-statement';
import { RECORD_EMAIL_SQL, recordEmailParams } from '../../lib/mail/record-email-statement';
import { SESSION_LOOKUP_SQL, SESSION_USER_LOOKUP_SQL } from '../../lib/sessions/session-statements';

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

// The app reads its project's signing key once and keeps it: a key in memory is the same work.
const signingKey = generateKeyPairSync('ed25519').privateKey;
const TOKEN_TTL_SECONDS = 300;

async function accessToken(projectId, row, now) {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = Math.min(iat + TOKEN_TTL_SECONDS, Math.floor(row.expiresAt.getTime() / 1000));
  const token = await new SignJWT({ email: row.email, sid: row.sessionId })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: row.signingKid ?? 'bench' })
    .setIssuer('http://127.0.0.1')
    .setAudience(projectId)
    .setSubject(row.userHash)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(signingKey);
  return { accessToken: token, accessTokenExpiresAt: new Date(exp * 1000).toISOString() };
}

const hash = (token) => createHash('sha256').update(token, 'utf8').digest('hex');
const iso = (d) => d.toISOString();
const sealKey = randomBytes(32);
const MESSAGE_FILLER = '<p style="font-size:13px;color:#52525b">x</p>'.repeat(60);

/** The app's own statements (lib/), so floor, ceiling and app run the very same SQL. */
export const SQL = {
  session: SESSION_LOOKUP_SQL,
  user: SESSION_USER_LOOKUP_SQL,
  verify: VERIFY_SQL,
  /** What authenticateClientToken's prepared statement does (lib/auth/client-token.ts). */
  project: `select id, organization_id, redirect_urls[1] as redirect_url, user_hash_key from projects
    where id = $1 and deleted_at is null and ${clientTokenMatchSql('client_token', '$2')}`,
  send: RECORD_EMAIL_SQL,
};

const q = (text, params) => sql().unsafe(text, params, { prepare: true });
const fail = (status) => ({ status, body: { status } });

export async function getSession({ projectId, clientToken, sessionCode }) {
  if (!projectId || !clientToken || !sessionCode) return fail(400);
  const [row] = await q(SQL.session, [projectId, hash(sessionCode), clientToken, null]);
  if (!row) return fail(401);
  if (!row.createdAt) return fail(404);
  const now = new Date();
  const status = row.revokedAt ? 'revoked' : row.expiresAt > now ? 'active' : 'expired';
  return {
    status: 200,
    body: {
      code: sessionCode,
      status,
      createdAt: iso(row.createdAt),
      updatedAt: iso(row.updatedAt),
      expiresAt: iso(row.expiresAt),
    },
  };
}

export async function getUser({ projectId, clientToken, sessionCode }) {
  if (!projectId || !clientToken || !sessionCode) return fail(400);
  const [row] = await q(SQL.user, [projectId, hash(sessionCode), clientToken, null]);
  if (!row) return fail(401);
  if (!row.email) return fail(404);
  if (row.revokedAt || !(row.expiresAt > new Date())) return fail(403);
  return {
    status: 200,
    body: {
      emailAddress: row.email,
      userHash: row.userHash,
      createdAt: iso(row.userCreatedAt),
      updatedAt: iso(row.userUpdatedAt),
    },
  };
}

export async function verify({ projectId, clientToken, challengeCode }) {
  if (!projectId || !clientToken || !challengeCode) return fail(400);
  const sessionCode = randomBytes(32).toString('base64url');
  const now = new Date();
  const [row] = await q(SQL.verify, [projectId, clientToken, null, hash(challengeCode), now, hash(sessionCode)]);
  if (!row?.userHash) return fail(404);
  const token = await accessToken(projectId, row, now);
  return {
    status: 200,
    body: {
      status: 'verified',
      session: {
        code: sessionCode,
        status: 'active',
        createdAt: iso(row.createdAt),
        updatedAt: iso(row.updatedAt),
        expiresAt: iso(row.expiresAt),
      },
      user: {
        emailAddress: row.email,
        userHash: row.userHash,
        createdAt: iso(row.userCreatedAt),
        updatedAt: iso(row.userUpdatedAt),
      },
      ...token,
    },
  };
}

export async function send({ projectId, clientToken, emailAddress, state }) {
  if (!projectId || !clientToken || !emailAddress) return fail(400);
  const [project] = await q(SQL.project, [projectId, clientToken]);
  if (!project) return fail(401);
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
  const html = `<a href="${link}">Sign in</a>${MESSAGE_FILLER}`;
  const message = { organizationId: project.organization_id, projectId, to: email, subject: 'Sign in', html, text: '' };
  const challenge = {
    projectId,
    email,
    codeHash: hash(code),
    state: state ?? null,
    redirectUrl: project.redirect_url,
    hostedLoginId: null,
    expiresAt,
    existingUserOnly: false,
    userHash: createHmac('sha256', project.user_hash_key).update(email, 'utf8').digest('hex'),
  };
  const sealedContent = `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${sealed}`;
  await q(SQL.send, recordEmailParams(message, challenge, 'outbox', sealedContent));
  return { status: 201, body: { status: 'sent', expiresAt: iso(expiresAt) } };
}

export const routes = {
  'GET /api/session': getSession,
  'GET /api/user': getUser,
  'POST /api/challenge/verify': verify,
  'POST /api/challenge/send': send,
};
