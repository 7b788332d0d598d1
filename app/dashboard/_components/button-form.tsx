import type { ReactNode } from 'react';
import { SubmitButton } from './submit-button';

type Props = {
  /** A Server Action, or the path of a route handler (posted as a plain form). */
  action: ((formData: FormData) => Promise<void>) | string;
  /** Marks the form for tests and forged-post checks (data-form). */
  name: string;
  /** Hidden fields: the ids the action works on, where to go back to. */
  fields?: Record<string, string | undefined>;
  /** secondary (default), primary, or danger (red: it removes something). */
  kind?: 'primary' | 'secondary' | 'danger';
  pendingText?: string;
  /** Opens the answer elsewhere (a new tab: target="_blank"), without access back to this page. */
  target?: string;
  /** Shown in the form before its button (checkboxes that go with it). */
  before?: ReactNode;
  children: ReactNode;
};

/** A form that is one button: hidden fields, then a submit button that shows it is working. */
export function ButtonForm({
  action,
  name,
  fields = {},
  kind = 'secondary',
  pendingText,
  target,
  before,
  children,
}: Props) {
  const plain = typeof action === 'string';
  return (
    <form
      action={action}
      method={plain ? 'post' : undefined}
      target={target}
      rel={target ? 'noopener' : undefined}
      data-form={name}
    >
      {Object.entries(fields).map(([field, value]) =>
        value === undefined ? null : <input key={field} type="hidden" name={field} value={value} />,
      )}
      {before}
      <SubmitButton className={kind === 'primary' ? 'btn small' : `btn ${kind} small`} pendingText={pendingText}>
        {children}
      </SubmitButton>
    </form>
  );
}

/** The red Revoke button of a list's row. */
export function RevokeForm(props: Pick<Props, 'action' | 'name' | 'fields'>) {
  return (
    <ButtonForm {...props} kind="danger" pendingText="Revoking…">
      Revoke
    </ButtonForm>
  );
}
