import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import './styles/base.css';
import './styles/dashboard.css';
import './styles/dashboard-content.css';

export const metadata: Metadata = {
  title: { default: 'UAuth', template: '%s · UAuth' },
  description: 'Passwordless sign-in with email magic links.',
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request so that Next.js can put this response's CSP
  // nonce (set by proxy.ts) on its scripts.
  await headers();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
