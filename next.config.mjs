/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // The build checks the app only; `npm run typecheck` (part of `npm test`) checks tests too.
  typescript: { tsconfigPath: './tsconfig.build.json' },
  // Native/WASM packages that must be loaded by Node, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres'],
  // Pages get their CSP (with a per-request nonce) and security headers from proxy.ts;
  // API routes set theirs in lib/http/respond.ts.
};

export default nextConfig;
