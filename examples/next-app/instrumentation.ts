// Nothing to do at start-up. (This file also keeps the UAuth repository's own
// instrumentation.ts, one level up from the build root, out of this app.)
export function register(): void {}
