// The client's types, inferred from the zod schemas the API itself validates and shapes
// with (type-only imports: nothing of zod or the server code is bundled into an app).
import type { z } from 'zod';
import type { createdSecretKeyDtoSchema, createSecretKeySchema, secretKeyDtoSchema } from '../auth/schemas';
import type { sendChallengeResultSchema, sendChallengeSchema } from '../challenges/schemas';
import type { mailboxDtoSchema } from '../mail/schemas';
import type { createProjectSchema, projectDtoSchema } from '../projects/schemas';
import type { sessionDtoSchema, userDtoSchema, verifiedDtoSchema } from '../sessions/schemas';
import type { projectUserDtoSchema, userSessionDtoSchema } from '../users/schemas';
import type {
  createHostedLoginSchema,
  hostedLoginCreatedSchema,
  hostedLoginDtoSchema,
  workflowDtoSchema,
  workflowInputSchema,
} from '../workflows/schemas';

export type { ProblemDetails } from '../http/schemas';
export type { Page } from './http';

/** Body of createProject / updateProject (what the API accepts: optional fields may be left out). */
export type ProjectInput = z.input<typeof createProjectSchema>;
export type Project = z.output<typeof projectDtoSchema>;
export type WorkflowInput = z.input<typeof workflowInputSchema>;
export type Workflow = z.output<typeof workflowDtoSchema>;
export type CreateHostedLoginInput = z.input<typeof createHostedLoginSchema>;
export type HostedLoginUrl = z.output<typeof hostedLoginCreatedSchema>;
export type HostedLogin = z.output<typeof hostedLoginDtoSchema>;

export type SendChallengeInput = Omit<z.input<typeof sendChallengeSchema>, 'projectId'>;
export type SendChallengeResult = z.output<typeof sendChallengeResultSchema>;
export type Verified = z.output<typeof verifiedDtoSchema>;
export type Session = z.output<typeof sessionDtoSchema>;
export type SessionStatus = Session['status'];
export type User = z.output<typeof userDtoSchema>;
export type Mailbox = z.output<typeof mailboxDtoSchema>;

/** A project's end user as the admin endpoints answer it (secret key). */
export type ProjectUser = z.output<typeof projectUserDtoSchema>;
/** A session as the admin endpoints answer it: its id (the sid of its access tokens), never its code. */
export type UserSession = z.output<typeof userSessionDtoSchema>;
export type SecretKey = z.output<typeof secretKeyDtoSchema>;
export type CreatedSecretKey = z.output<typeof createdSecretKeyDtoSchema>;
export type CreateSecretKeyInput = z.input<typeof createSecretKeySchema>;
/** `limit` (1–100, default 100) and `cursor` (a previous page's `nextCursor`) of a list. */
export type PageQuery = { limit?: number; cursor?: string };
