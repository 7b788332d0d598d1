// `npm run bench`: builds the app and the framework ceiling, creates a fresh database,
// seeds it, and loads the floor, the ceiling and the app in turn with autocannon on
// each hot path at each concurrency. Writes a markdown report to bench/results/.
// Settings (environment):
//   DATABASE_URL          server to create the bench database on (default local postgres)
//   BENCH_DURATION        seconds per measured run (default 10); BENCH_WARMUP (default 5)
//   BENCH_CONNECTIONS     default "10,50"
//   BENCH_TARGETS         default "floor,ceiling,app"; also "ceiling-default" (Next's default
//                         compress/poweredBy) and "ceiling-semispace" (Node's young
//                         generation raised with --max-semi-space-size=32), "app-before"
//                         (an older built checkout of the app at BENCH_BEFORE_DIR)
//   BENCH_ENDPOINTS       default "session,user,verify,send"
//   BENCH_SESSIONS        seeded sessions (default 10000); BENCH_OTHER_PROJECTS (default 300)
//   BENCH_GROWTH_SESSIONS growth run size (default 1000000; 0 skips the growth run)
//   BENCH_POOL_MAX        DATABASE_POOL_MAX of every server (default: the app's default)
//   BENCH_SKIP_BUILD=1    reuse .next and bench/ceiling/.next
//   BENCH_PROFILE=1       run the app under node --cpu-prof (profiles in bench/results/profiles)
//   BENCH_ROUNDS          rounds per endpoint and concurrency (default 1); the median is reported
//   BENCH_KEEP_DB=1       do not drop the database at the end
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import postgres from 'postgres';

const root = path.resolve(import.meta.dirname, '..');
const nextBin = path.join(root, 'node_modules/next/dist/bin/next');
const ceilingDir = path.join(root, 'bench/ceiling');
const resultsDir = path.join(root, 'bench/results');

const num = (name, fallback) =>
  process.env[name] === undefined || process.env[name] === '' ? fallback : Number(process.env[name]);
const list = (name, fallback) =>
  (process.env[name] || fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const config = {
  adminUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  duration: num('BENCH_DURATION', 10),
  warmup: num('BENCH_WARMUP', 5),
  connections: list('BENCH_CONNECTIONS', '10,50').map(Number),
  targets: list('BENCH_TARGETS', 'floor,ceiling,app'),
  endpoints: list('BENCH_ENDPOINTS', 'session,user,verify,send'),
  sessions: num('BENCH_SESSIONS', 10_000),
  growthSessions: num('BENCH_GROWTH_SESSIONS', 1_000_000),
  poolMax: process.env.BENCH_POOL_MAX || undefined,
  skipBuild: process.env.BENCH_SKIP_BUILD === '1',
  profile: process.env.BENCH_PROFILE === '1',
  rounds: num('BENCH_ROUNDS', 1),
};

/** The run with the median throughput (by round), keeping its own latencies. */
function median(runs) {
  const sorted = [...runs].sort((a, b) => a.rps - b.rps);
  const m = sorted[Math.floor((sorted.length - 1) / 2)];
  return { ...m, rssMb: Math.max(...runs.map((r) => r.rssMb)), rounds: runs.length };
}

const log = (...args) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);

// ---------------------------------------------------------------- database
const dbName = `uauth_bench_${randomBytes(4).toString('hex')}`;
const dbUrl = (() => {
  const u = new URL(config.adminUrl);
  u.pathname = `/${dbName}`;
  return u.href;
})();
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'uauth-bench-'));
// The seeding code (lib/*) reads its configuration like the app does.
Object.assign(process.env, {
  DATABASE_URL: dbUrl,
  NODE_ENV: 'production',
  MAIL_TRANSPORT: 'outbox',
  SESSION_SECRET: 'bench-session-secret-0123456789-abcdefghijklmnop',
  DATA_DIR: dataDir,
  // Seeding a million rows is one statement; the app's 10 s limit is for requests.
  DATABASE_STATEMENT_TIMEOUT_MS: '600000',
});
const seed = await import('./seed.mjs');
const { benchAccessTokens, tokenFrom } = await import('./access-token.mjs');
const { closeDatabase } = await import('../lib/db/client');

async function admin(statement) {
  const a = postgres(config.adminUrl, { max: 1, onnotice: () => {} });
  try {
    await a.unsafe(statement);
  } finally {
    await a.end();
  }
}

// ---------------------------------------------------------------- servers
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const targetSpecs = {
  // under tsx: bench/shared/work.mjs imports the app's statements from lib/*.ts
  floor: { label: 'floor (node:http + postgres)', args: ['--import', 'tsx', 'bench/floor/server.mjs'], env: {} },
  ceiling: { label: 'ceiling (bare Next.js)', args: [nextBin, 'start', ceilingDir], env: {} },
  'ceiling-default': {
    label: 'ceiling, Next defaults (compress, poweredBy on)',
    args: [nextBin, 'start', ceilingDir],
    env: { BENCH_NEXT_COMPRESS: '1', BENCH_NEXT_POWERED_BY: '1' },
  },
  'ceiling-semispace': {
    label: 'ceiling, node --max-semi-space-size=32',
    args: [nextBin, 'start', ceilingDir],
    env: { NODE_OPTIONS: '--max-semi-space-size=32' },
  },
  app: { label: 'app (UAuth)', args: [nextBin, 'start'], env: {}, app: true },
  // The app as it was before a change: a built checkout at BENCH_BEFORE_DIR (see PERFORMANCE.md).
  'app-before': {
    label: 'app before the change (BENCH_BEFORE_DIR)',
    args: [nextBin, 'start'],
    env: {},
    app: true,
    cwd: process.env.BENCH_BEFORE_DIR,
  },
};

async function startServer(name) {
  const spec = targetSpecs[name];
  if (!spec) throw new Error(`unknown target ${name}`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nodeArgs = [];
  if (config.profile && spec.app) {
    mkdirSync(path.join(resultsDir, 'profiles'), { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${path.join(resultsDir, 'profiles')}`);
  }
  const isNext = spec.args[0] === nextBin;
  const args = [...nodeArgs, ...spec.args, ...(isNext ? ['-p', String(port), '-H', '127.0.0.1'] : [])];
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(port),
    DATABASE_URL: dbUrl,
    APP_URL: url,
    SESSION_SECRET: process.env.SESSION_SECRET,
    MAIL_TRANSPORT: 'outbox',
    DATA_DIR: dataDir,
    // Rate limits would turn a load test into 429s: all off.
    RATE_LIMIT_SEND_PER_ADDRESS: 'off',
    RATE_LIMIT_SEND_PER_IP: 'off',
    RATE_LIMIT_SEND_PER_ORGANIZATION: 'off',
    RATE_LIMIT_VERIFY_PER_IP: 'off',
    RATE_LIMIT_SIGN_IN_PER_ADDRESS: 'off',
    RATE_LIMIT_SIGN_IN_PER_IP: 'off',
    ...(config.poolMax ? { DATABASE_POOL_MAX: config.poolMax } : {}),
    ...spec.env,
  };
  if ('cwd' in spec && !spec.cwd) throw new Error(`${name} needs BENCH_BEFORE_DIR`);
  const child = spawn(process.execPath, args, { cwd: spec.cwd ?? root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`${name} did not start:\n${output}`);
    try {
      await fetch(`${url}/api/session`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    name,
    label: spec.label,
    url,
    child,
    logs: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Resident memory of a process and its descendants, in MB. */
function rssOf(pid) {
  let kb = 0;
  const visit = (p) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        if (children) for (const c of children.split(/\s+/)) visit(c);
      }
    } catch {
      // gone
    }
  };
  visit(pid);
  return kb / 1024;
}

/** CPU seconds (user + system) used so far by a process and its descendants. */
function cpuOf(pid) {
  let ticks = 0;
  const visit = (p) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        if (children) for (const c of children.split(/\s+/)) visit(c);
      }
    } catch {
      // gone
    }
  };
  visit(pid);
  return ticks / 100; // USER_HZ
}

// ---------------------------------------------------------------- load
function cannon(options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ timeout: 10, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
    instance.on('error', reject);
  });
}

const state = { project: null, sessionCodes: [], sendCounter: 0, runCounter: 0, sql: null };

function query(params) {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
}

/** The autocannon options of one endpoint; `prepare` seeds what the run consumes. */
const endpoints = {
  session: {
    title: 'GET /api/session',
    async options() {
      const codes = state.sessionCodes;
      const base = `/api/session?${query({ projectId: state.project.id, clientToken: state.project.clientToken })}&sessionCode=`;
      let i = Math.floor(Math.random() * codes.length);
      return {
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: base + codes[i++ % codes.length] }) }],
      };
    },
  },
  user: {
    title: 'GET /api/user',
    async options() {
      const codes = state.sessionCodes;
      const base = `/api/user?${query({ projectId: state.project.id, clientToken: state.project.clientToken })}&sessionCode=`;
      let i = Math.floor(Math.random() * codes.length);
      return {
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: base + codes[i++ % codes.length] }) }],
      };
    },
  },
  verify: {
    title: 'POST /api/challenge/verify',
    async options(seconds, expectedRate) {
      // Every request consumes a fresh code: seed more than the run can use.
      const count = Math.ceil(seconds * expectedRate * 1.5) + 2000;
      const codes = await seed.seedChallenges(state.sql, state.project, `r${++state.runCounter}`, count);
      const successes = new Set();
      let i = 0;
      let exhausted = 0;
      const { id: projectId, clientToken } = state.project;
      return {
        check: () => ({ successes: successes.size, exhausted }),
        requests: [
          {
            method: 'POST',
            path: '/api/challenge/verify',
            headers: { 'content-type': 'application/json' },
            setupRequest: (req) => {
              if (i >= codes.length) exhausted++;
              const challengeCode = codes[i++ % codes.length];
              return { ...req, body: JSON.stringify({ projectId, clientToken, challengeCode }) };
            },
            onResponse: (status, body) => {
              if (status === 200) successes.add(JSON.parse(body).session.code);
            },
          },
        ],
      };
    },
  },
  send: {
    title: 'POST /api/challenge/send',
    async options() {
      const { id: projectId, clientToken } = state.project;
      const run = ++state.runCounter;
      return {
        requests: [
          {
            method: 'POST',
            path: '/api/challenge/send',
            headers: { 'content-type': 'application/json' },
            setupRequest: (req) => ({
              ...req,
              body: JSON.stringify({
                projectId,
                clientToken,
                emailAddress: `send-${run}-${state.sendCounter++}@bench.test`,
              }),
            }),
          },
        ],
      };
    },
  },
};

async function measure(server, endpointName, connections) {
  const endpoint = endpoints[endpointName];
  // Warm-up (discarded), then the measured run, each with its own seeded input.
  let expectedRate = 6000;
  if (config.warmup > 0) {
    const w = await endpoint.options(config.warmup, expectedRate);
    const warm = await cannon({ url: server.url, connections, duration: config.warmup, ...w });
    expectedRate = Math.max(200, warm.requests.average * 1.3);
  }
  const o = await endpoint.options(config.duration, expectedRate);
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(server.child.pid))), 200);
  const cpuBefore = cpuOf(server.child.pid);
  const r = await cannon({ url: server.url, connections, duration: config.duration, ...o });
  const cpuSeconds = cpuOf(server.child.pid) - cpuBefore;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, rssOf(server.child.pid));
  const row = {
    target: server.name,
    endpoint: endpoint.title,
    connections,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    rssMb: peakRss,
    // Server CPU per request: much steadier than req/s when other work shares the machine.
    cpuMsPerReq: r.requests.total ? (1000 * cpuSeconds) / r.requests.total : NaN,
  };
  if (o.check) {
    const { successes, exhausted } = o.check();
    row.note = `${successes} distinct sessions from ${r['2xx']} 200s${exhausted ? `, ${exhausted} requests past the seeded codes` : ''}`;
    if (successes !== r['2xx']) row.note += ' — MISMATCH';
  }
  log(
    `${server.name.padEnd(16)} ${endpoint.title.padEnd(28)} c=${String(connections).padEnd(3)} ${row.rps.toFixed(0).padStart(6)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms  cpu ${row.cpuMsPerReq.toFixed(2)} ms/req  non-2xx ${row.non2xx}  err ${row.errors}  rss ${row.rssMb.toFixed(0)} MB${row.note ? `  (${row.note})` : ''}`,
  );
  return row;
}

// ---------------------------------------------------------------- report
const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '–');

function table(rows) {
  const by = (t, e, c) => rows.find((r) => r.target === t && r.endpoint === e && r.connections === c);
  const lines = [
    '| endpoint | conn | server | req/s | p50 ms | p99 ms | non-2xx | errors | peak RSS MB | server CPU ms/req | req/s vs floor | req/s vs ceiling | p99 vs ceiling | CPU/req vs ceiling |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const e of [...new Set(rows.map((r) => r.endpoint))])
    for (const c of [...new Set(rows.map((r) => r.connections))])
      for (const r of rows.filter((x) => x.endpoint === e && x.connections === c)) {
        const floor = by('floor', e, c);
        const ceiling = by('ceiling', e, c);
        lines.push(
          `| ${e} | ${c} | ${r.target} | ${fmt(r.rps)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.errors} | ${fmt(r.rssMb)} | ${fmt(r.cpuMsPerReq, 2)} | ${floor ? `${fmt((100 * r.rps) / floor.rps)} %` : '–'} | ${ceiling ? `${fmt((100 * r.rps) / ceiling.rps)} %` : '–'} | ${ceiling ? `${fmt(r.p99 / ceiling.p99, 2)}×` : '–'} | ${ceiling ? `${fmt(r.cpuMsPerReq / ceiling.cpuMsPerReq, 2)}×` : '–'} |`,
        );
      }
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.target} ${r.endpoint} c=${r.connections}: ${r.note}`);
  return [...lines, '', ...notes].join('\n');
}

// ---------------------------------------------------------------- main
async function main() {
  const started = new Date();
  if (config.skipBuild) {
    // The ceiling bundles bench/shared/work.mjs: a stale build would measure old SQL.
    const built = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    const ceilingBuilt = built(path.join(ceilingDir, '.next/BUILD_ID'));
    const sources = [
      'bench/shared/work.mjs',
      'bench/ceiling/app/handler.js',
      'lib/access-tokens/signing-key-sql.ts',
      'lib/auth/client-token-rule.ts',
      'lib/challenges/verify-statement.ts',
      'lib/mail/record-email-statement.ts',
      'lib/sessions/session-statements.ts',
      'lib/workflows/redirect-rule.ts',
    ];
    if (sources.some((file) => ceilingBuilt < built(path.join(root, file))))
      throw new Error('bench/ceiling/.next is older than the statements it bundles: build it (drop BENCH_SKIP_BUILD)');
  }
  if (!config.skipBuild) {
    for (const [what, args] of [
      ['app', [nextBin, 'build']],
      ['ceiling', [nextBin, 'build', ceilingDir]],
    ]) {
      log(`building the ${what} (next build)…`);
      const r = spawnSync(process.execPath, args, {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      });
      if (r.status !== 0) throw new Error(`next build of the ${what} failed`);
    }
  }

  log(`creating database ${dbName}`);
  await admin(`create database "${dbName}"`);
  const cleanup = async () => {
    await closeDatabase().catch(() => {});
    if (process.env.BENCH_KEEP_DB !== '1')
      await admin(`drop database if exists "${dbName}" with (force)`).catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  };
  const rows = [];
  const growth = [];
  let tokens = null;
  let plans = '';
  try {
    state.sql = await seed.appSql();
    state.project = await seed.seedProject();
    await seed.seedOtherProjects(num('BENCH_OTHER_PROJECTS', 300));
    let t = Date.now();
    state.sessionCodes = await seed.seedSessions(state.sql, state.project, 0, config.sessions);
    await state.sql`analyze`;
    log(`seeded 1 organization, 1 project, ${config.sessions} users with a session each in ${Date.now() - t} ms`);

    // Every server runs for the whole phase, but only one is loaded at a time, and the
    // targets take turns on each endpoint and concurrency: background load on a shared
    // machine then hits floor, ceiling and app alike, and the ratios stay meaningful.
    const servers = [];
    try {
      for (const target of config.targets) {
        servers.push(await startServer(target));
        log(`${target} listening on ${servers.at(-1).url}`);
      }
      for (const e of config.endpoints)
        for (const c of config.connections) {
          const runs = [];
          for (let round = 0; round < config.rounds; round++)
            for (const server of round % 2 ? [...servers].reverse() : servers) runs.push(await measure(server, e, c));
          for (const server of servers) rows.push(median(runs.filter((r) => r.target === server.name)));
        }
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
    for (const server of servers)
      if (server.name !== 'floor' && /error/i.test(server.logs()))
        log(
          `${server.name} logged errors:\n${server
            .logs()
            .split('\n')
            .filter((l) => /error/i.test(l))
            .slice(0, 10)
            .join('\n')}`,
        );

    // verifyAccessToken in-process (@uauth/client), the app idle: what an app does locally
    // where it would otherwise call GET /api/session.
    if (config.targets.includes('app') && process.env.BENCH_ACCESS_TOKENS !== '0') {
      const app = await startServer('app');
      try {
        const [code] = await seed.seedChallenges(state.sql, state.project, 'token', 1);
        const token = await tokenFrom(app.url, state.project, code);
        tokens = await benchAccessTokens(app.url, state.project.id, token, {
          iterations: num('BENCH_TOKEN_ITERATIONS', 50_000),
        });
        log(
          `verifyAccessToken in-process: p50 ${tokens.p50.toFixed(3)} ms  p99 ${tokens.p99.toFixed(3)} ms  ${tokens.perSecond.toFixed(0)}/s  cpu ${tokens.cpuMsPerVerification.toFixed(3)} ms each`,
        );
      } finally {
        await app.stop();
      }
    }

    if (config.growthSessions > config.sessions)
      try {
        const c = Math.max(...config.connections);
        const growthTargets = config.targets.filter((t) => t === 'floor' || t === 'app');
        const runGrowth = async (size) => {
          const servers = [];
          try {
            for (const target of growthTargets) servers.push(await startServer(target));
            const runs = [];
            for (let round = 0; round < config.rounds; round++)
              for (const server of servers) runs.push(await measure(server, 'session', c));
            for (const server of servers)
              growth.push({ ...median(runs.filter((r) => r.target === server.name)), sessions: size });
          } finally {
            await Promise.all(servers.map((s) => s.stop()));
          }
        };
        await state.sql`vacuum analyze`;
        await runGrowth(config.sessions);
        t = Date.now();
        const more = await seed.seedSessionsBySql(state.sql, state.project, config.sessions, config.growthSessions);
        await state.sql`vacuum analyze`;
        log(`seeded up to ${config.growthSessions} sessions (INSERT … SELECT generate_series) in ${Date.now() - t} ms`);
        // Sample codes across the whole table, old and new.
        state.sessionCodes = [...state.sessionCodes, ...more].sort(() => Math.random() - 0.5);
        await runGrowth(config.growthSessions);
      } catch (error) {
        // Keep the hot-path table even when the growth phase fails; say so in the report.
        log('growth run failed:', error);
        growth.failed = String(error?.message ?? error);
      }
    plans = await explainPlans();
  } finally {
    await cleanup();
  }

  const stamp = started.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const growthTable = growth.length
    ? [
        '| server | sessions | req/s | p50 ms | p99 ms | non-2xx | server CPU ms/req |',
        '|---|---:|---:|---:|---:|---:|---:|',
        ...growth.map(
          (g) =>
            `| ${g.target} | ${g.sessions} | ${fmt(g.rps)} | ${g.p50} | ${g.p99} | ${g.non2xx} | ${fmt(g.cpuMsPerReq, 2)} |`,
        ),
        '',
        ...[...new Set(growth.map((g) => g.target))].map((t) => {
          const [a, b] = growth.filter((g) => g.target === t);
          return b
            ? `- ${t}: p99 ${a.p99} → ${b.p99} ms (${fmt((100 * (b.p99 - a.p99)) / a.p99)} %), req/s ${fmt(a.rps)} → ${fmt(b.rps)}`
            : '';
        }),
      ].join('\n')
    : growth.failed
      ? `(failed: ${growth.failed})`
      : '(skipped)';
  const report = [
    `# Benchmark ${started.toISOString()}`,
    '',
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${fmt(os.totalmem() / 2 ** 30, 1)} GB, load average at start ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; Node ${process.version}.`,
    `Runs: ${config.duration} s measured after ${config.warmup} s warm-up, ${config.rounds} round(s) (median reported), targets interleaved, connections ${config.connections.join(', ')}, ${config.sessions} seeded sessions; pool max ${config.poolMax ?? 'default'}.`,
    '',
    '## Hot paths',
    '',
    table(rows),
    '',
    '## Access tokens: verifyAccessToken in-process (@uauth/client, JWKS cached, one core)',
    '',
    tokens
      ? [
          '| verifications | p50 ms | p99 ms | max ms | verifications/s (64 in flight) | CPU ms each |',
          '|---:|---:|---:|---:|---:|---:|',
          `| ${tokens.iterations} | ${fmt(tokens.p50, 3)} | ${fmt(tokens.p99, 3)} | ${fmt(tokens.max, 2)} | ${fmt(tokens.perSecond)} | ${fmt(tokens.cpuMsPerVerification, 3)} |`,
          '',
          'Beside it, GET /api/session above: the online check the token replaces on most requests.',
        ].join('\n')
      : '(skipped)',
    '',
    growth.length
      ? `## Growth: GET /api/session at ${config.sessions} and ${config.growthSessions} sessions`
      : '## Growth',
    '',
    growthTable,
    '',
    '## Query plans (EXPLAIN ANALYZE, at the largest size)',
    '',
    plans,
    '',
  ].join('\n');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, `${stamp}.md`), report);
  writeFileSync(path.join(resultsDir, 'latest.md'), report);
  console.log(`\n${report}`);
  log(`written to bench/results/${stamp}.md and bench/results/latest.md`);
}

/** EXPLAIN ANALYZE of each hot query of the app, with real parameters. */
async function explainPlans() {
  const { hotQueries } = await import('./hot-queries.mjs');
  await state.sql`analyze`;
  const sections = [];
  for (const { name, sql: text, params } of await hotQueries(state)) {
    const rollback = new Error('rollback');
    let rows;
    try {
      await state.sql.begin(async (tx) => {
        rows = await tx.unsafe(`explain (analyze, buffers, costs off) ${text}`, params);
        throw rollback; // writes are explained, not kept
      });
    } catch (e) {
      if (e !== rollback) rows = [{ 'QUERY PLAN': `failed: ${e.message}` }];
    }
    sections.push(
      `### ${name}\n\n\`\`\`sql\n${text.trim()}\n\`\`\`\n\n\`\`\`\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n\`\`\``,
    );
  }
  return sections.join('\n\n');
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
