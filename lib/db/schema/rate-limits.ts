// Rate-limit counters shared by every app instance (lib/rate-limit/limiter.ts).
import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Sliding-window rate-limit counters, shared by every app instance. `key` is the
 * SHA-256 of rule name and subject (address, IP), so no address or IP is stored;
 * `hits` holds the times of the requests inside the longest window.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    hits: timestamp('hits', { withTimezone: true }).array().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // housekeeping: drop counters whose window has passed
    index('rate_limits_expires_idx').on(t.expiresAt),
  ],
);
