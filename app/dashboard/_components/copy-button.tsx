'use client';

import { useState } from 'react';

/** Copies a value to the clipboard; says so for two seconds. */
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [result, setResult] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      className="btn secondary small"
      aria-label={`${label}: copy to clipboard`}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          setResult('copied');
        } catch {
          // Clipboard blocked (plain http, permissions): the value is on screen to select.
          setResult('failed');
        }
        setTimeout(() => setResult('idle'), 2500);
      }}
    >
      {result === 'copied' ? 'Copied' : result === 'failed' ? 'Select and copy it' : label}
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
