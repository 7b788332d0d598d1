import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The build's root is the folder whose node_modules holds Next.js: this folder once
// `npm install` ran here, or — inside the UAuth repository, which shares its node_modules
// (next, react) with the example — the repository.
const nextPackage = fileURLToPath(import.meta.resolve('next/package.json'));
const root = path.resolve(path.dirname(nextPackage), '../..');

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  turbopack: { root },
  outputFileTracingRoot: root,
};

export default nextConfig;
