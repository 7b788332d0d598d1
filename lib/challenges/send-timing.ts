// Keeps "no email was sent" indistinguishable by time from "an email was sent": a send
// that mails nothing (an address that is not a user, under the hosted `sign_in` policy or
// a project with allowSignUp=false) would otherwise answer sooner than a real one, which
// waits for the mail provider or the outbox insert. Real sends are timed from the start
// of their request, with either transport; a send that mails nothing waits until as long
// has passed since its own request started as one of this process's recent real sends
// took, drawn at random — so strangers' times follow the same spread as users', not only
// their average.
const INITIAL_ESTIMATE_MS = 150;
const RECENT = 32;
const MAX_MS = 10_000;

const recent: number[] = [];
let nextSlot = 0;

/** Records how long a request that really sent took, from its start. */
export function recordSendDuration(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) return;
  recent[nextSlot] = Math.min(ms, MAX_MS);
  nextSlot = (nextSlot + 1) % RECENT;
}

/** How long a real send takes here: a recent one drawn at random (150 ms ± 15 % before any). */
function sampleSendMs(): number {
  if (recent.length === 0) return INITIAL_ESTIMATE_MS * (0.85 + Math.random() * 0.3);
  return recent[Math.floor(Math.random() * recent.length)] ?? INITIAL_ESTIMATE_MS;
}

/** Waits until about as long as a real send would have taken since `startedAt` (performance.now()). */
export async function waitLikeASend(startedAt: number): Promise<void> {
  const remaining = sampleSendMs() - (performance.now() - startedAt);
  if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
}
