'use client';

import { useActionState, useState } from 'react';
import type { FormState } from '@/lib/dashboard/forms';
import { DEFAULT_SUBJECT, DEFAULT_TEMPLATE, renderEmail, type TemplateVariables } from '@/lib/mail/template';
import { describedBy, FieldNotes, FormMessage } from './form-parts';
import { SubmitButton } from './submit-button';

type Props = {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  projectId: string;
  subject: string | null;
  html: string | null;
  sample: TemplateVariables;
};

const templateHelp = (
  <>
    Must contain <code>{'{{link}}'}</code>. Also available: <code>{'{{projectName}}'}</code>,{' '}
    <code>{'{{emailAddress}}'}</code>, <code>{'{{expiresInMinutes}}'}</code>, <code>{'{{logoUrl}}'}</code>. Values are
    HTML-escaped.
  </>
);

/**
 * Subject and HTML of a project's email with a live preview. The preview is the real
 * renderer's output in an iframe with an empty sandbox: template HTML can never run
 * scripts, submit forms or reach the dashboard's origin.
 */
export function TemplateEditor({ action, projectId, subject, html, sample }: Props) {
  const [state, formAction] = useActionState(action, { status: 'idle' } as FormState);
  const [draftSubject, setDraftSubject] = useState(state.values?.emailSubject ?? subject ?? '');
  const [draftHtml, setDraftHtml] = useState(state.values?.emailTemplate ?? html ?? DEFAULT_TEMPLATE);
  const preview = renderEmail(
    { subject: draftSubject || null, html: draftHtml === DEFAULT_TEMPLATE && html === null ? null : draftHtml },
    sample,
  );
  const errors = state.errors ?? {};
  // id, name and the accessible links to the field's help and error
  const control = (name: 'emailSubject' | 'emailTemplate') => ({
    id: name,
    name,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': describedBy(name, true, errors[name]),
  });
  return (
    <div className="split">
      <form action={formAction} className="form wide" data-form="template" noValidate>
        <FormMessage state={state} />
        <input type="hidden" name="projectId" value={projectId} />
        <div className="field">
          <label htmlFor="emailSubject">Subject</label>
          <input
            {...control('emailSubject')}
            value={draftSubject}
            placeholder={DEFAULT_SUBJECT}
            onChange={(e) => setDraftSubject(e.target.value)}
          />
          <FieldNotes
            id="emailSubject"
            label="Subject"
            help={`Empty means the default, “${DEFAULT_SUBJECT}”.`}
            error={errors.emailSubject}
          />
        </div>
        <div className="field">
          <label htmlFor="emailTemplate">HTML</label>
          <textarea
            {...control('emailTemplate')}
            value={draftHtml}
            spellCheck={false}
            onChange={(e) => setDraftHtml(e.target.value)}
          />
          <FieldNotes id="emailTemplate" label="HTML" help={templateHelp} error={errors.emailTemplate} />
        </div>
        <div className="row">
          <SubmitButton>Save template</SubmitButton>
        </div>
      </form>
      <section className="preview" aria-label="Preview">
        <h3>Preview</h3>
        <p className="subject">
          <strong>Subject:</strong> <span data-testid="preview-subject">{preview.subject}</span>
        </p>
        <iframe title="Email preview" sandbox="" srcDoc={preview.html} data-testid="preview" />
      </section>
    </div>
  );
}
