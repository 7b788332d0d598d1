// Helpers for the dashboard's server actions: every action starts from the signed-in
// account (re-read from the database) and scopes its lib/ call to that account's
// organization; errors become form state or a flash code on the page.
import { revalidatePath } from 'next/cache';
import { redirect, unstable_rethrow } from 'next/navigation';
import type { DashboardAccount } from '@/lib/dashboard/accounts';
import { errorState, formValues, type FormState } from '@/lib/dashboard/forms';
import { requireAccount } from '@/lib/dashboard/session';
import { AppError } from '@/lib/errors';

/** For useActionState forms: returns the action's state, or the error's. */
export async function formAction(
  formData: FormData,
  run: (account: DashboardAccount) => Promise<FormState>,
): Promise<FormState> {
  const account = await requireAccount();
  try {
    const state = await run(account);
    revalidatePath('/dashboard', 'layout');
    return state;
  } catch (error) {
    unstable_rethrow(error);
    return errorState(error, formValues(formData));
  }
}

/** For one-button forms: runs, then goes back to `back` with ?notice= or ?error=. */
export async function buttonAction(
  back: string,
  run: (account: DashboardAccount) => Promise<string>,
): Promise<never> {
  const account = await requireAccount();
  let target: string;
  try {
    const notice = await run(account);
    target = withParam(back, 'notice', notice);
  } catch (error) {
    unstable_rethrow(error);
    errorState(error); // logs what is unexpected
    const code = error instanceof AppError ? error.code : 'unavailable';
    const known = ['not_found', 'validation_failed', 'forbidden', 'email_delivery_failed'];
    target = withParam(back, 'error', known.includes(code) ? code : 'failed');
  }
  revalidatePath('/dashboard', 'layout');
  redirect(target);
}

function withParam(path: string, key: string, value: string): string {
  const url = new URL(path, 'http://x');
  url.searchParams.delete('notice');
  url.searchParams.delete('error');
  url.searchParams.set(key, value);
  return `${url.pathname}${url.search}`;
}

/** A same-site dashboard path to go back to (never an open redirect). */
export function backPath(value: FormDataEntryValue | null, fallback: string): string {
  return typeof value === 'string' && /^\/dashboard(\/[^?#\\]*)?(\?[^#\\]*)?$/.test(value) && !value.startsWith('//') ? value : fallback;
}
