// Keeps "no email was sent" indistinguishable by time from "an email was sent": a send
// that mails nothing (an address that is not a user, under the hosted `sign_in` policy or
// a project with allowSignUp=false) would otherwise answer sooner than a real one, which
// waits for the mail provider or the outbox insert. Real sends are timed from the start
// of their request, with either transport; a send that mails nothing waits until about as
// long has passed since its own request started. This process's recent sends set the pace.
const INITIAL_ESTIMATE_MS = 150;
const WEIGHT = 0.2;

let typicalSendMs = INITIAL_ESTIMATE_MS;

/** Records how long a request that really sent took, from its start (moving average). */
export function recordSendDuration(ms: number): void {
  if (Number.isFinite(ms) && ms >= 0) typicalSendMs = typicalSendMs * (1 - WEIGHT) + Math.min(ms, 10_000) * WEIGHT;
}

/** Waits until about as long as a real send would have taken since `startedAt` (performance.now()). */
export async function waitLikeASend(startedAt: number): Promise<void> {
  const target = typicalSendMs * (0.85 + Math.random() * 0.3);
  const remaining = target - (performance.now() - startedAt);
  if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
}
