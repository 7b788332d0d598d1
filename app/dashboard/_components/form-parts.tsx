import type { ReactNode } from 'react';
import type { FormState } from '@/lib/dashboard/forms';

/** The action's message above a form (useActionState): what failed, or what was done. */
export function FormMessage({ state }: { state: FormState }) {
  if (!state.message || state.status === 'idle') return null;
  return state.status === 'error' ? (
    <p className="alert error" role="alert">
      {state.message}
    </p>
  ) : (
    <p className="alert ok" role="status">
      {state.message}
    </p>
  );
}

/** The ids a field's aria-describedby names: its help and its error, when shown (see FieldNotes). */
export function describedBy(id: string, help: unknown, error: unknown): string | undefined {
  return [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

/** Below a field: its help, and the action's validation message for it ("Name must not be empty"). */
export function FieldNotes({
  id,
  label,
  help,
  error,
}: {
  id: string;
  label: string;
  help?: ReactNode;
  error?: string;
}) {
  return (
    <>
      {help ? (
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {label} {error}
        </p>
      ) : null}
    </>
  );
}
