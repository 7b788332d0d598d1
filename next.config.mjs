// Security headers for every HTML page; API routes set their own (lib/http/respond.ts).
const pageSecurityHeaders = [
  {
    key: 'Content-Security-Policy',
    value: [
      "default-src 'self'",
      "script-src 'self' 'unsafe-inline'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' https: data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
  },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
];

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
  async headers() {
    return [{ source: '/((?!api/).*)', headers: pageSecurityHeaders }];
  },
};

export default nextConfig;
