import type { Metadata } from 'next';
import { ApiReference } from './api-reference';

export const metadata: Metadata = { title: 'API reference' };

// GET /docs — the API reference, rendered in the browser from /api/openapi.json.
export default function DocsPage() {
  return (
    <>
      <noscript>
        <p style={{ padding: '1rem' }}>
          The API reference needs JavaScript. The raw document is at <a href="/api/openapi.json">/api/openapi.json</a>.
        </p>
      </noscript>
      <ApiReference />
    </>
  );
}
