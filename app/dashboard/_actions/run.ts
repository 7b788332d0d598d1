// Helpers for the dashboard's server actions: every action starts from the signed-in
// account (re-read from the database) and scopes its lib/ call to that account's current
// organization; errors become form state or a flash code on the page. Paths to go back to
// are normalized (lib/dashboard/paths.ts), so a forged `back` never leaves the dashboard.
import { revalidatePath } from 'next/cache';
import { redirect, unstable_rethrow } from 'next/navigation';
import type { DashboardAccount, DashboardPerson } from '@/lib/dashboard/accounts';
import { requireAccount, requirePerson } from '@/lib/dashboard/cookie';
import { errorState, type FormState, formValues } from '@/lib/dashboard/forms';
import { dashboardPath, withParam } from '@/lib/dashboard/paths';
import { formErrorCode } from '@/lib/http/form-post';

/** For useActionState forms: returns the action's state, or the error's. */
export async function formAction(
  formData: FormData,
  run: (account: DashboardAccount) => Promise<FormState>,
): Promise<FormState> {
  return runForm(formData, await requireAccount(), run);
}

/** formAction for a signed-in person who may belong to no organization yet. */
export async function personFormAction(
  formData: FormData,
  run: (person: DashboardPerson) => Promise<FormState>,
): Promise<FormState> {
  return runForm(formData, await requirePerson(), run);
}

async function runForm<Who>(formData: FormData, who: Who, run: (who: Who) => Promise<FormState>): Promise<FormState> {
  try {
    const state = await run(who);
    revalidatePath('/dashboard', 'layout');
    return state;
  } catch (error) {
    unstable_rethrow(error);
    return errorState(error, formValues(formData));
  }
}

/** For one-button forms: runs, then goes back to `back` with ?notice= or ?error=. */
export async function buttonAction(back: string, run: (account: DashboardAccount) => Promise<string>): Promise<never> {
  return runButton(back, await requireAccount(), run);
}

/** buttonAction for a signed-in person who may belong to no organization (invitations, switcher). */
export async function personButtonAction(
  back: string,
  run: (person: DashboardPerson) => Promise<string>,
): Promise<never> {
  return runButton(back, await requirePerson(), run);
}

async function runButton<Who>(back: string, who: Who, run: (who: Who) => Promise<string>): Promise<never> {
  let target: string;
  try {
    target = withParam(back, 'notice', await run(who));
  } catch (error) {
    unstable_rethrow(error);
    target = withParam(back, 'error', formErrorCode(error, 'dashboard action'));
  }
  revalidatePath('/dashboard', 'layout');
  redirect(target);
}

/** A same-site dashboard path to go back to (never an open redirect). */
export function backPath(value: FormDataEntryValue | null, fallback: string): string {
  return dashboardPath(value, fallback);
}

/** Where a one-button form of a project goes back to: its tab, or the project list for a bad id. */
export function projectBack(formData: FormData, tab: string): string {
  const id = String(formData.get('projectId') ?? '');
  return /^[0-9a-f-]{36}$/.test(id) ? dashboardPath(`/dashboard/projects/${id}${tab}`) : '/dashboard';
}
