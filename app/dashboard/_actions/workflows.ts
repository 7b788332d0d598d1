'use server';

import { type FormState, idField, textField } from '@/lib/dashboard/forms';
import { parseInput } from '@/lib/http/input';
import { workflowInputSchema } from '@/lib/workflows/schemas';
import { createWorkflow, deleteWorkflow, updateWorkflow } from '@/lib/workflows/workflows';
import { buttonAction, formAction, projectBack } from './run';

function workflowInput(formData: FormData) {
  return parseInput(workflowInputSchema, {
    name: textField(formData, 'name'),
    policyId: textField(formData, 'policyId'),
    clientRedirectUrl: textField(formData, 'clientRedirectUrl'),
  });
}

export async function createWorkflowAction(_state: FormState, formData: FormData): Promise<FormState> {
  return formAction(formData, async (account) => {
    const projectId = idField(formData, 'projectId');
    await createWorkflow(account.organizationId, projectId, workflowInput(formData), account);
    return { status: 'ok', message: 'Workflow created.' };
  });
}

export async function updateWorkflowAction(_state: FormState, formData: FormData): Promise<FormState> {
  return formAction(formData, async (account) => {
    const projectId = idField(formData, 'projectId');
    const workflowKey = idField(formData, 'workflowKey');
    await updateWorkflow(account.organizationId, projectId, workflowKey, workflowInput(formData), account);
    return { status: 'ok', message: 'Workflow saved.' };
  });
}

export async function deleteWorkflowAction(formData: FormData): Promise<void> {
  await buttonAction(projectBack(formData, '/workflows'), async (account) => {
    const projectId = idField(formData, 'projectId');
    const workflowKey = idField(formData, 'workflowKey');
    await deleteWorkflow(account.organizationId, projectId, workflowKey, account);
    return 'workflow_deleted';
  });
}
