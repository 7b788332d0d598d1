// In-process verification of UAuth access tokens with @uauth/client (what an app does on every
// protected request instead of calling GET /api/session): the JWKS is fetched once from the
// running app, then `iterations` tokens are verified on this one core. Reports the latency of
// one verification (sequential) and the throughput with many verifications in flight.
import { performance } from 'node:perf_hooks';
import { createTokenVerifier } from '@uauth/client';

/** One access token of the project, from a real verify against the app. */
export async function tokenFrom(appUrl, project, challengeCode) {
  const res = await fetch(`${appUrl}/api/challenge/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ projectId: project.id, clientToken: project.clientToken, challengeCode }),
  });
  const body = await res.json();
  if (res.status !== 200 || !body.accessToken)
    throw new Error(`verify answered ${res.status}: ${JSON.stringify(body)}`);
  return body.accessToken;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export async function benchAccessTokens(appUrl, projectId, token, { iterations = 50_000, inFlight = 64 } = {}) {
  const verifier = createTokenVerifier({ baseUrl: appUrl, projectId });
  await verifier.verify(token); // fetches and caches the JWKS
  for (let i = 0; i < 2000; i++) await verifier.verify(token); // warm-up

  const latencies = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await verifier.verify(token);
    latencies[i] = performance.now() - t;
  }
  const sorted = Array.from(latencies).sort((a, b) => a - b);

  let next = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < iterations) await verifier.verify(token);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    iterations,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1),
    perSecond: iterations / seconds,
    cpuMsPerVerification: (cpu.user + cpu.system) / 1000 / iterations,
  };
}
