// Bounded lists (GET /api/projects, GET /api/projects/{id}/workflows): `limit` (1–100,
// default 100) and an opaque `cursor` from the previous page. The body stays a JSON array;
// when more remain, the response says where they are: `X-Next-Cursor` and `Link: rel="next"`.
import { z } from 'zod';
import { AppError } from '../errors';
import { normalizedUuid } from '../validation';

export const MAX_PAGE_SIZE = 100;

/** A cursor names the last item of the previous page (its id), base64url so that it stays opaque. */
export function encodeCursor(id: string): string {
  return Buffer.from(`after:${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return text.startsWith('after:') ? normalizedUuid(text.slice('after:'.length)) : null;
}

const LIMIT_MESSAGE = `must be an integer from 1 to ${MAX_PAGE_SIZE}`;
const CURSOR_MESSAGE = 'must be the X-Next-Cursor of a previous page of this list';

/** Thrown by a list when the cursor does not name an item of that list (another tenant's, or made up). */
export function invalidCursor(): AppError {
  return new AppError('validation_failed', `Invalid request: cursor: ${CURSOR_MESSAGE}`, {
    errors: [{ path: 'cursor', message: CURSOR_MESSAGE }],
  });
}

/** Query string of a bounded list; `cursor` comes out as the id it names. */
export const pageQuerySchema = z.object({
  limit: z.coerce
    .number({ error: LIMIT_MESSAGE })
    .int(LIMIT_MESSAGE)
    .min(1, LIMIT_MESSAGE)
    .max(MAX_PAGE_SIZE, LIMIT_MESSAGE)
    .default(MAX_PAGE_SIZE)
    .meta({ description: `How many items to answer, 1 to ${MAX_PAGE_SIZE}.` }),
  cursor: z
    .string()
    .transform((value, ctx) => {
      const id = decodeCursor(value);
      if (id === null) {
        ctx.addIssue({ code: 'custom', message: CURSOR_MESSAGE });
        return z.NEVER;
      }
      return id;
    })
    .optional()
    .meta({ description: 'Opaque: the `X-Next-Cursor` header of the previous page. Omitted: the first page.' }),
});
export type PageQuery = { limit: number; cursor?: string | undefined };

export type Page<T> = { items: T[]; nextCursor: string | null };

/** Cuts a page out of up to limit + 1 rows fetched in order: the extra row says more remain. */
export function pageOf<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}

/** X-Next-Cursor and Link (relative to the request: path, limit and cursor only, never a credential). */
export function pageHeaders(url: URL, nextCursor: string | null): Record<string, string> {
  if (nextCursor === null) return {};
  const next = new URLSearchParams();
  const limit = url.searchParams.get('limit');
  if (limit !== null) next.set('limit', limit);
  next.set('cursor', nextCursor);
  return { 'X-Next-Cursor': nextCursor, Link: `<${url.pathname}?${next.toString()}>; rel="next"` };
}
