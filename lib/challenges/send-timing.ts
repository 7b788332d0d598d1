// Keeps "no email was sent" indistinguishable by time from "an email was sent": the
// hosted page under the sign_in policy sends nothing to an unknown address, and
// would otherwise answer in a few milliseconds where a real send takes as long as
// the mail provider does. This process's recent send durations set the pace.
const INITIAL_ESTIMATE_MS = 150;
const WEIGHT = 0.2;

let typicalSendMs = INITIAL_ESTIMATE_MS;

/** Records how long a real send took (moving average). */
export function recordSendDuration(ms: number): void {
  if (Number.isFinite(ms) && ms >= 0) typicalSendMs = typicalSendMs * (1 - WEIGHT) + Math.min(ms, 10_000) * WEIGHT;
}

/** Waits until about as long as a real send would have taken since `startedAt`. */
export async function waitLikeASend(startedAt: number): Promise<void> {
  const target = typicalSendMs * (0.85 + Math.random() * 0.3);
  const remaining = target - (performance.now() - startedAt);
  if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
}
