'use client';

import { useActionState } from 'react';
import type { FormState } from '@/lib/dashboard/forms';
import { SecretValue } from './copy-button';
import { describedBy, FieldNotes, FormMessage } from './form-parts';
import { SubmitButton } from './submit-button';

export type FieldSpec = {
  name: string;
  label: string;
  /** checkbox: posts a hidden "false" before the box's "true", so the last value is the answer. */
  type?: 'text' | 'email' | 'url' | 'number' | 'select' | 'textarea' | 'checkbox';
  options?: { value: string; label: string }[];
  defaultValue?: string;
  help?: string;
  placeholder?: string;
  required?: boolean;
};

type Props = {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  fields: FieldSpec[];
  hidden?: Record<string, string>;
  submitLabel: string;
  /** Marks the form for tests and forged-post checks. */
  name: string;
  layout?: 'stack' | 'inline';
  secretLabel?: string;
  danger?: boolean;
};

/**
 * A dashboard form bound to a server action with useActionState: the action's
 * validation messages appear next to their fields, and what was typed stays. Works
 * without JavaScript too (the server renders the returned state).
 */
export function DashForm({
  action,
  fields,
  hidden = {},
  submitLabel,
  name,
  layout = 'stack',
  secretLabel = 'secret',
  danger = false,
}: Props) {
  const [state, formAction] = useActionState(action, { status: 'idle' } as FormState);
  const value = (field: FieldSpec) => state.values?.[field.name] ?? field.defaultValue ?? '';
  return (
    <form action={formAction} className={layout === 'inline' ? 'form wide' : 'form'} data-form={name} noValidate>
      <FormMessage state={state} />
      {state.secret ? (
        <div className="alert warn" role="status">
          <p style={{ margin: '0 0 8px' }}>Copy this {secretLabel} now: it is shown only once.</p>
          <SecretValue value={state.secret} label={secretLabel} testId="new-secret" />
        </div>
      ) : null}
      {Object.entries(hidden).map(([key, v]) => (
        <input key={key} type="hidden" name={key} value={v} />
      ))}
      <div className={layout === 'inline' ? 'form-inline-fields' : 'form'}>
        {fields.map((field) => {
          const id = `${name}-${field.name}`;
          const error = state.errors?.[field.name];
          const notes = <FieldNotes id={id} label={field.label} help={field.help} error={error} />;
          const common = {
            id,
            name: field.name,
            'aria-invalid': error ? true : undefined,
            'aria-describedby': describedBy(id, field.help, error),
            required: field.required,
            placeholder: field.placeholder,
          } as const;
          if (field.type === 'checkbox') {
            return (
              <div className="field checkbox" key={`${field.name}-${state.status}-${value(field)}`}>
                <input type="hidden" name={field.name} value="false" />
                <label htmlFor={id}>
                  <input
                    id={id}
                    type="checkbox"
                    name={field.name}
                    value="true"
                    defaultChecked={value(field) === 'true'}
                    aria-describedby={common['aria-describedby']}
                    aria-invalid={common['aria-invalid']}
                  />
                  {field.label}
                </label>
                {notes}
              </div>
            );
          }
          return (
            <div className="field" key={`${field.name}-${state.status}-${value(field)}`}>
              <label htmlFor={id}>{field.label}</label>
              {field.type === 'select' ? (
                <select {...common} defaultValue={value(field)}>
                  {(field.options ?? []).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              ) : field.type === 'textarea' ? (
                <textarea {...common} defaultValue={value(field)} />
              ) : (
                <input
                  {...common}
                  type={field.type === 'number' ? 'text' : (field.type ?? 'text')}
                  inputMode={field.type === 'number' ? 'numeric' : undefined}
                  defaultValue={value(field)}
                />
              )}
              {notes}
            </div>
          );
        })}
        <div className="actions">
          <SubmitButton className={danger ? 'btn danger solid' : 'btn'}>{submitLabel}</SubmitButton>
        </div>
      </div>
    </form>
  );
}
