'use server';

import { redirect } from 'next/navigation';
import { type FormState, idField, projectInputFromForm, textField } from '@/lib/dashboard/forms';
import { sendTemplateTestEmail } from '@/lib/dashboard/template';
import { AppError } from '@/lib/errors';
import { DEFAULT_TEMPLATE } from '@/lib/mail/template';
import { createProject, deleteProject, getProject, updateProject } from '@/lib/projects/projects';
import { buttonAction, formAction, projectBack } from './run';

const projectPath = (id: string, tab = '') => `/dashboard/projects/${id}${tab}`;

export async function createProjectAction(_state: FormState, formData: FormData): Promise<FormState> {
  let createdId = '';
  const state = await formAction(formData, async (account) => {
    const project = await createProject(account.organizationId, projectInputFromForm(formData), account);
    createdId = project.id;
    return { status: 'ok' };
  });
  if (createdId) redirect(projectPath(createdId));
  return state;
}

export async function updateSettingsAction(_state: FormState, formData: FormData): Promise<FormState> {
  return formAction(formData, async (account) => {
    const current = await getProject(account.organizationId, idField(formData, 'projectId'));
    const input = projectInputFromForm(formData, current);
    await updateProject(account.organizationId, current.id, input, account);
    return { status: 'ok', message: 'Settings saved.' };
  });
}

export async function saveTemplateAction(_state: FormState, formData: FormData): Promise<FormState> {
  let savedId = '';
  const state = await formAction(formData, async (account) => {
    const current = await getProject(account.organizationId, idField(formData, 'projectId'));
    // Browsers post textarea line breaks as CRLF; the unchanged default stays "default".
    const html = textField(formData, 'emailTemplate').replace(/\r\n?/g, '\n');
    formData.set('emailTemplate', html.trim() === DEFAULT_TEMPLATE.trim() ? '' : html);
    const project = await updateProject(
      account.organizationId,
      current.id,
      projectInputFromForm(formData, current),
      account,
      'template.changed',
    );
    savedId = project.id;
    return { status: 'ok' };
  });
  if (savedId) redirect(`${projectPath(savedId, '/template')}?notice=template_saved`);
  return state;
}

export async function resetTemplateAction(formData: FormData): Promise<void> {
  await buttonAction(projectBack(formData, '/template'), async (account) => {
    const current = await getProject(account.organizationId, idField(formData, 'projectId'));
    const input = projectInputFromForm(new FormData(), current);
    await updateProject(
      account.organizationId,
      current.id,
      { ...input, emailSubject: null, emailTemplate: null },
      account,
      'template.reset',
    );
    return 'template_reset';
  });
}

export async function sendTestEmailAction(formData: FormData): Promise<void> {
  await buttonAction(projectBack(formData, '/template'), async (account) => {
    const project = await getProject(account.organizationId, idField(formData, 'projectId'));
    await sendTemplateTestEmail(project, account.email);
    return 'test_sent';
  });
}

export async function deleteProjectAction(_state: FormState, formData: FormData): Promise<FormState> {
  let deleted = false;
  const state = await formAction(formData, async (account) => {
    const project = await getProject(account.organizationId, idField(formData, 'projectId'));
    if (textField(formData, 'confirm').trim() !== project.name) {
      const message = `must be the project's name, ${project.name}`;
      throw new AppError('validation_failed', `Invalid request: confirm: ${message}`, {
        errors: [{ path: 'confirm', message }],
      });
    }
    await deleteProject(account.organizationId, project.id, account);
    deleted = true;
    return { status: 'ok' };
  });
  if (deleted) redirect('/dashboard?notice=project_deleted');
  return state;
}
