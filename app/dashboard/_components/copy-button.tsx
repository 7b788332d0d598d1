'use client';

import { useState } from 'react';

/** Copies a value to the clipboard; says so for two seconds. */
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn secondary small"
      aria-label={`${label}: copy to clipboard`}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
        } catch {
          // Clipboard blocked (http, permissions): select nothing, the value is on screen.
        }
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      }}
    >
      {copied ? 'Copied' : label}
    </button>
  );
}

/** A credential on screen with its copy button. */
export function SecretValue({ value, label, testId }: { value: string; label: string; testId?: string }) {
  return (
    <div className="secret">
      <code data-testid={testId}>{value}</code>
      <CopyButton value={value} label={`Copy ${label}`} />
    </div>
  );
}
