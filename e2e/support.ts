// Helpers shared by the Playwright specs: the development mailbox's magic links (polled,
// since a browser action sends them) and the accessibility check.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { api } from '../test/support/api';

/** The landing link (`<appUrl>/l/…`) of each message to an address, newest first ('' when a message has none). */
export async function landingLinks(appUrl: string, email: string): Promise<string[]> {
  const box = await api(appUrl, 'GET', `/api/dev/mailbox?to=${encodeURIComponent(email)}`);
  expect(box.status, box.text).toBe(200);
  return box.data.messages.map((m: { links: string[] }) => m.links.find((l) => l.startsWith(`${appUrl}/l/`)) ?? '');
}

/** The newest landing link to an address that is not one of `known`, polling the mailbox until it comes. */
export async function newestLandingLink(appUrl: string, email: string, known: string[] = []): Promise<string> {
  let link = '';
  await expect
    .poll(async () => {
      link = (await landingLinks(appUrl, email)).find((l) => l && !known.includes(l)) ?? '';
      return link;
    })
    .toMatch(new RegExp(`^${appUrl.replace(/[.]/g, '\\.')}/l/[A-Za-z0-9_-]+$`));
  return link;
}

/** axe-core's WCAG 2.1 A/AA rules: no serious or critical violation may remain. */
export async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `${what}: axe-core violations`,
  ).toEqual([]);
  expect(results.passes.length, `${what}: axe-core ran its rules`).toBeGreaterThan(5);
}
