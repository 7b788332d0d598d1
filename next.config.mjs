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
  // The build checks the app only; `npm run typecheck` (part of `npm test`) checks tests too.
  typescript: { tsconfigPath: './tsconfig.build.json' },
  // Native/WASM packages that must be loaded by Node, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres'],
  async headers() {
    // The dashboard and its sign-in send their own origin on same-origin form posts
    // (Server Actions refuse `Origin: null`, which `no-referrer` causes), never to
    // other sites; its pages show credentials, so nothing is cached.
    const dashboardHeaders = [
      { key: 'Referrer-Policy', value: 'same-origin' },
      { key: 'Cache-Control', value: 'no-store' },
    ];
    return [
      { source: '/((?!api/).*)', headers: pageSecurityHeaders },
      { source: '/dashboard', headers: dashboardHeaders },
      { source: '/dashboard/:path*', headers: dashboardHeaders },
      { source: '/login', headers: dashboardHeaders },
      { source: '/login/:path*', headers: dashboardHeaders },
    ];
  },
};

export default nextConfig;
