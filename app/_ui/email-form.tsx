const couldNotSend = 'We could not send the email just now. Please try again in a moment.';

/** What the sign-in forms say for the error codes their form posts send back (lib/http/form-post.ts). */
export const emailFormErrors: Record<string, string> = {
  invalid_email: 'Enter a valid email address, like name@example.com.',
  delivery: couldNotSend,
  unavailable: couldNotSend,
  failed: couldNotSend,
};

/**
 * The sign-in forms of /login and /uauth: one email field, focused, with its error below
 * it, and the button. A plain form post, so it works without JavaScript.
 */
export function EmailForm({
  action,
  hidden = {},
  invalid,
  error,
}: {
  action: string;
  hidden?: Record<string, string>;
  /** The address was refused (aria-invalid). */
  invalid: boolean;
  /** The message shown under the field. */
  error: string | undefined;
}) {
  return (
    <form method="post" action={action} className="stack" noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <label htmlFor="email">Email address</label>
      <input
        id="email"
        name="email"
        type="email"
        autoComplete="email"
        required
        // biome-ignore lint/a11y/noAutofocus: the page's only task is this field; keyboard and screen-reader users land on it
        autoFocus
        aria-invalid={invalid || undefined}
        aria-describedby={error ? 'email-error' : undefined}
      />
      {error ? (
        <p id="email-error" className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button">
        Email me a sign-in link
      </button>
    </form>
  );
}
