import type { Project } from '../db/schema';
import { AppError } from '../errors';
import { formErrorCode } from '../http/form-post';
import { parseInput, unstorableTextProblem } from '../http/input';
import type { CreateProjectInput } from '../projects/schemas';
import { createProjectSchema } from '../projects/schemas';
import { uuidSchema } from '../validation';

export type FormState = {
  status: 'idle' | 'ok' | 'error';
  message?: string;
  /** Field name → the API's validation message for it. */
  errors?: Record<string, string>;
  /** What was submitted, shown again after an error. */
  values?: Record<string, string>;
  /** A secret shown once (a new secret key). */
  secret?: string;
};

/** The text fields of a form (files and `$ACTION…` fields left out). */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === 'string' && !key.startsWith('$')) values[key] = value;
  }
  return values;
}

/** A field of the form as text ('' when absent). Text PostgreSQL cannot store is refused like the API does. */
export function textField(formData: FormData, name: string): string {
  const value = formData.get(name);
  const text = typeof value === 'string' ? value : '';
  const problem = unstorableTextProblem(text);
  if (problem) {
    throw new AppError('validation_failed', `Invalid request: ${name}: ${problem}`, {
      errors: [{ path: name, message: problem }],
    });
  }
  return text;
}

/** An id field; anything that is not a UUID is "not found", like an id of another organization. */
export function idField(formData: FormData, name: string): string {
  const parsed = uuidSchema.safeParse(formData.get(name));
  if (!parsed.success) throw new AppError('not_found', `No such ${name.replace(/Id$/, '')} in your organization.`);
  return parsed.data;
}

/** "3600" → 3600; "" → undefined (the default); anything else stays text so zod names it. */
function secondsField(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/**
 * A textarea of one entry per line, each trimmed; blank lines at the end are left out, the
 * others are entries (so that an error's index is the line the person sees).
 */
function linesField(formData: FormData, name: string): string[] {
  const lines = textField(formData, name)
    .split(/\r\n?|\n/)
    .map((line) => line.trim());
  while (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * A list of the project (origins, redirect URLs) as the form posts it: the textarea of the
 * whole list (the settings and create forms) and/or the single field, read with the API's
 * rules; a form with neither keeps the project's current list.
 */
function listFields<S extends string, L extends string>(formData: FormData, single: S, list: L, current?: string[]) {
  if (!formData.has(single) && !formData.has(list)) return { [list]: current } as Record<L, string[] | undefined>;
  return {
    [single]: formData.has(single) ? textField(formData, single) : undefined,
    [list]: formData.has(list) ? linesField(formData, list) : undefined,
  } as Record<S, string | undefined> & Record<L, string[] | undefined>;
}

/** The full CreateProjectDto from a form: fields the form lacks keep the project's current values. */
export function projectInputFromForm(formData: FormData, current?: Project): CreateProjectInput {
  const has = (name: string) => formData.has(name);
  const input = {
    name: has('name') ? textField(formData, 'name') : current?.name,
    ...listFields(formData, 'allowedOrigin', 'allowedOrigins', current?.allowedOrigins),
    ...listFields(formData, 'redirectUrl', 'redirectUrls', current?.redirectUrls),
    sessionValidSeconds: has('sessionValidSeconds')
      ? secondsField(textField(formData, 'sessionValidSeconds'))
      : current?.sessionValidSeconds,
    // empty: null, no sliding expiry
    sessionIdleSeconds: has('sessionIdleSeconds')
      ? secondsField(textField(formData, 'sessionIdleSeconds'))
      : current?.sessionIdleSeconds,
    emailSubject: has('emailSubject') ? textField(formData, 'emailSubject') : current?.emailSubject,
    emailTemplate: has('emailTemplate') ? textField(formData, 'emailTemplate') : current?.emailTemplate,
    logoUrl: has('logoUrl') ? textField(formData, 'logoUrl') : current?.logoUrl,
    // a checkbox: the form posts "false" in a hidden field before it, "true" when ticked (the last wins)
    allowSignUp: has('allowSignUp') ? formData.getAll('allowSignUp').at(-1) === 'true' : current?.allowSignUp,
  };
  return parseInput(createProjectSchema, input);
}

/** The state a form shows for a failed action. Next.js redirects/not-found must be rethrown first. */
export function errorState(error: unknown, values?: Record<string, string>): FormState {
  if (error instanceof AppError) {
    const errors: Record<string, string> = {};
    for (const e of error.extra.errors ?? []) {
      // an entry of a list field (`allowedOrigins.3`) is shown at its textarea, by line
      const entry = /^(\w+)\.(\d+)$/.exec(e.path);
      if (entry?.[1] !== undefined) errors[entry[1]] ??= `(line ${Number(entry[2]) + 1}) ${e.message}`;
      else errors[e.path] ??= e.message;
    }
    const message =
      error.code === 'validation_failed'
        ? 'Please correct the fields marked below.'
        : error.code === 'not_found'
          ? `${error.message} It may have been deleted, or it belongs to another organization.`
          : error.message;
    return { status: 'error', message, errors, values };
  }
  const message =
    formErrorCode(error, 'dashboard action') === 'unavailable'
      ? 'The database cannot be reached right now. Please try again in a moment.'
      : 'Something went wrong on our side. Please try again.';
  return { status: 'error', message, values };
}
