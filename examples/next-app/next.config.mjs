import path from 'node:path';

// Inside the UAuth repository this example imports the client from ../../lib/client
// (the `@uauth/client` path in tsconfig.json), so the build's root is the repository.
const repoRoot = path.resolve(import.meta.dirname, '../..');

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
};

export default nextConfig;
