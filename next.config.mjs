/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Responses are small JSON; compression belongs to the proxy in front (as in any
  // deployment with TLS). Next's gzip middleware costs every request even when it does
  // not compress (bench/: see docs/PERFORMANCE.md).
  compress: false,
  // The build checks the app only; `npm run typecheck` (part of `npm test`) checks tests too.
  typescript: { tsconfigPath: './tsconfig.build.json' },
  // Native/WASM packages that must be loaded by Node, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres'],
  // Server Action bodies: the email-template editor's form (a template of up to 100 KB)
  // is the largest. proxy.ts answers 413 earlier from Content-Length (64 KB, 256 KB on
  // the template page); this cap also holds for chunked bodies (lib/http/form-post.ts).
  experimental: {
    serverActions: { bodySizeLimit: '256kb' },
    // Next keeps a copy of the body of every request its proxy sees (pages, and /api paths
    // with a '%') while it arrives, 10 MB by default; beyond this only the first 2 MB are
    // kept. Still more than any limit behind it (64 / 256 KB page forms, 1 MB API bodies),
    // so every oversized body is still seen as oversized and refused with 413.
    proxyClientMaxBodySize: '2mb',
  },
  // Pages get their CSP (with a per-request nonce) and security headers from proxy.ts;
  // API routes set theirs in lib/http/respond.ts.
};

export default nextConfig;
