// The framework ceiling: a minimal Next.js app whose route handlers run exactly the
// floor's SQL (../shared/work.mjs). Config toggles (read by `next start` too) let the
// bench report the ceiling before and after each framework setting:
//   BENCH_NEXT_COMPRESS=1   Next's default gzip middleware (off by default here)
//   BENCH_NEXT_POWERED_BY=1 the X-Powered-By header (off by default here)
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** @type {import('next').NextConfig} */
export default {
  compress: process.env.BENCH_NEXT_COMPRESS === '1',
  poweredByHeader: process.env.BENCH_NEXT_POWERED_BY === '1',
  serverExternalPackages: ['postgres'],
  turbopack: { root },
  outputFileTracingRoot: root,
};
