import type { Metadata } from 'next';
import type { ReactNode } from 'react';

export const metadata: Metadata = { title: 'Example app · UAuth' };

const style = `
  body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; }
  form { margin: 1rem 0; } input { padding: .5rem; font-size: 1rem; width: 100%; box-sizing: border-box; }
  button { padding: .5rem 1rem; font-size: 1rem; margin-top: .5rem; cursor: pointer; }
  .notice { background: #f2f4f8; padding: .75rem 1rem; border-radius: .5rem; }
  .error { background: #fdecec; padding: .75rem 1rem; border-radius: .5rem; }
`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <style>{style}</style>
      </head>
      <body>{children}</body>
    </html>
  );
}
