import type { ReactNode } from 'react';

export type BadgeTone = 'plain' | 'green' | 'amber' | 'red';

/** A small label for a state: active, revoked, pending, current… */
export function StatusBadge({
  tone = 'plain',
  title,
  children,
}: {
  tone?: BadgeTone;
  title?: string;
  children: ReactNode;
}) {
  return (
    <span className={tone === 'plain' ? 'badge' : `badge ${tone}`} title={title}>
      {children}
    </span>
  );
}
