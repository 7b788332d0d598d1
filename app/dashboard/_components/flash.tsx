// The message a one-button action leaves on the page it returns to (?notice= / ?error=).
const notices: Record<string, string> = {
  key_revoked: 'The key is revoked: requests with it are refused from now on.',
  member_removed: 'The member was removed.',
  member_removed_keys_revoked: 'The member was removed, and the keys you ticked are revoked.',
  left_organization: 'You left the organization.',
  invitation_revoked: 'The invitation is revoked: it can no longer be accepted.',
  invitation_accepted: 'Welcome! You joined the organization; it is the one you are working in now.',
  invitation_declined: 'The invitation is declined.',
  organization_switched: 'You switched organization.',
  organization_created: 'Your organization is ready.',
  project_deleted: 'The project was deleted. Its sign-in links and sessions no longer work.',
  template_saved: 'Template saved. New sign-in emails use it from now on.',
  template_reset: 'The template is back to the default.',
  test_sent: 'Test email sent to your address.',
  workflow_deleted: 'The workflow was deleted.',
  session_revoked: 'The session is revoked: the app’s next session check reports it revoked.',
  signing_key_staged:
    'A new signing key is published in the JWKS. It starts signing once every verifier has had time to fetch it; the current key signs until then.',
  signing_key_already_staged: 'A new signing key is already published and waiting to sign; nothing new was made.',
};

// The codes of lib/http/form-post.ts's formErrorCode; any other code reads as `failed`.
const errors: Record<string, string> = {
  not_found: 'That item no longer exists or belongs to another organization. Reload the page and try again.',
  wait: 'Too many requests just now. Please wait a while and try again.',
  forbidden: 'Only an owner of the organization can do that.',
  validation_failed: 'That request was not valid. Reload the page and try again.',
  workflow_dependency_failed:
    "This workflow's client redirect URL is no longer on the project's origins. Update the workflow or the project first.",
  delivery: 'The email provider did not accept the message. Try again in a moment.',
  failed: 'Something went wrong. Please try again in a moment.',
};

type Params = Record<string, string | string[] | undefined>;

export function Flash({ params }: { params: Params }) {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const notice = notices[one(params.notice) ?? ''];
  const errorCode = one(params.error);
  const error = errorCode ? (errors[errorCode] ?? errors.failed) : undefined;
  return (
    <>
      {notice ? (
        <p className="alert ok" role="status">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p className="alert error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

export type SearchParams = Promise<Params>;
