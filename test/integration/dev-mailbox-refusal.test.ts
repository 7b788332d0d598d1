// The development mailbox shows every sign-in link: in production, MAIL_TRANSPORT=outbox on
// a public APP_URL stops start-up with a message, unless DEV_MAILBOX=on says it is meant
// (the app then starts, warning in its log). lib/env.ts's rule is unit-tested in
// test/unit/env.test.ts; this starts the built app both ways.
import { afterAll, expect, it } from 'vitest';
import { type AppServer, startApp } from '../support/app-server';

const publicUrl = 'https://auth.example.test';
let app: AppServer | undefined;
afterAll(async () => {
  await app?.stop();
});

it('NODE_ENV=production, outbox, public APP_URL: the app exits, naming MAIL_TRANSPORT and DEV_MAILBOX', async () => {
  const started = startApp({ env: { NODE_ENV: 'production', MAIL_TRANSPORT: 'outbox', APP_URL: publicUrl } });
  await expect(started).rejects.toThrow(/app exited with 1/);
  await expect(started).rejects.toThrow(/MAIL_TRANSPORT: is outbox on the public URL https:\/\/auth\.example\.test/);
  await expect(started).rejects.toThrow(/set DEV_MAILBOX=on if you really mean it/);
});

it('the same with DEV_MAILBOX=on starts, and warns that the mailbox is open', async () => {
  app = await startApp({
    env: { NODE_ENV: 'production', MAIL_TRANSPORT: 'outbox', APP_URL: publicUrl, DEV_MAILBOX: 'on' },
  });
  expect(app.logs()).toContain(`UAuth is ready at ${publicUrl}`);
  expect(app.logs()).toContain(`the development mailbox is open at ${publicUrl}/dev/mailbox (DEV_MAILBOX=on)`);
  const mailbox = await fetch(`${app.url}/api/dev/mailbox?to=someone%40example.test`);
  expect(mailbox.status).toBe(200);
});
