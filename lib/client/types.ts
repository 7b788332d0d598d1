// The client's types, inferred from the zod schemas the API itself validates and shapes
// with (type-only imports: nothing of zod or the server code is bundled into an app).
import type { z } from 'zod';
import type { sendChallengeResultSchema, sendChallengeSchema } from '../challenges/schemas';
import type { mailboxDtoSchema } from '../mail/schemas';
import type { createProjectSchema, projectDtoSchema } from '../projects/schemas';
import type { sessionDtoSchema, userDtoSchema, verifiedDtoSchema } from '../sessions/schemas';
import type {
  createHostedLoginSchema,
  hostedLoginCreatedSchema,
  hostedLoginDtoSchema,
  workflowDtoSchema,
  workflowInputSchema,
} from '../workflows/schemas';

export type { ProblemDetails } from '../http/schemas';

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
