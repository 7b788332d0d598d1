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
  // Pages get their CSP (with a per-request nonce) and security headers from proxy.ts;
  // API routes set theirs in lib/http/respond.ts.
};

export default nextConfig;
