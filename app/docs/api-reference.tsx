'use client';
// The API reference UI (Scalar), bundled with the app: no CDN, no fonts or telemetry
// from elsewhere, so /docs works offline. It renders /api/openapi.json.
import { ApiReferenceReact } from '@scalar/api-reference-react';
import '@scalar/api-reference-react/style.css';

const configuration = {
  url: '/api/openapi.json',
  withDefaultFonts: false,
  telemetry: false,
  hideClientButton: true,
  showDeveloperTools: 'never',
  persistAuth: false,
  defaultOpenAllTags: true,
  documentDownloadType: 'json',
  metaData: { title: 'UAuth API reference' },
  // Both would call Scalar's hosted services.
  agent: { disabled: true },
  mcp: { disabled: true },
} as const;

export function ApiReference() {
  return <ApiReferenceReact configuration={configuration} />;
}
