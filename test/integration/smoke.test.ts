import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, mailbox, randomEmail, setupProject } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';

let app: AppServer;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

describe('smoke', () => {
  it('sends a challenge and lists it in the mailbox', async () => {
    const { project } = await setupProject(app);
    const email = randomEmail();
    const sent = await api(
      app.url,
      'POST',
      `/api/challenge/send?projectId=${project.id}&clientToken=${project.clientToken}&emailAddress=${email}`,
    );
    expect(sent.status).toBe(201);
    expect(await mailbox(app.url, email)).toHaveLength(1);
  });
});
