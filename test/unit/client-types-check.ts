// Compile time (`tsc --noEmit`, part of `npm test`): the @uauth/client package's types are
// the types zod infers from the API's own schemas. Not a vitest file: it has nothing to run.
import type {
  CreatedSecretKey,
  CreateHostedLoginInput,
  CreateSecretKeyInput,
  HostedLogin,
  HostedLoginUrl,
  Jwks,
  Mailbox,
  ProblemDetails,
  Project,
  ProjectInput,
  ProjectUser,
  Refreshed,
  SecretKey,
  SendChallengeInput,
  SendChallengeResult,
  Session,
  User,
  UserSession,
  Verified,
  Workflow,
  WorkflowInput,
} from '@uauth/client';
import type { z } from 'zod';
import type { jwksDtoSchema } from '@/lib/access-tokens/schemas';
import type { createdSecretKeyDtoSchema, createSecretKeySchema, secretKeyDtoSchema } from '@/lib/auth/schemas';
import type { sendChallengeResultSchema, sendChallengeSchema } from '@/lib/challenges/schemas';
import type { problemDetailsSchema } from '@/lib/http/schemas';
import type { mailboxDtoSchema } from '@/lib/mail/schemas';
import type { createProjectSchema, projectDtoSchema } from '@/lib/projects/schemas';
import type {
  refreshedSessionDtoSchema,
  sessionDtoSchema,
  userDtoSchema,
  verifiedDtoSchema,
} from '@/lib/sessions/schemas';
import type { projectUserDtoSchema, userSessionDtoSchema } from '@/lib/users/schemas';
import type {
  createHostedLoginSchema,
  hostedLoginCreatedSchema,
  hostedLoginDtoSchema,
  workflowDtoSchema,
  workflowInputSchema,
} from '@/lib/workflows/schemas';

// The package's types are the types zod infers from the API's own schemas: responses (output side) exactly;
// requests (input side) with the same fields and required fields, and whatever the client
// lets you send is what the schema takes (zod types a preprocessed field's input as `unknown`,
// where the document and the package say what it really accepts). `tsc --noEmit` fails on any
// difference.

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type Accepted<Package, Schema> = [Package] extends [Schema]
  ? Equal<keyof Package, keyof Schema> extends true
    ? Equal<RequiredKeys<Package>, RequiredKeys<Schema>>
    : false
  : false;
type Assert<T extends true> = T;

export type PackageTypesAreTheApis = [
  Assert<Accepted<ProjectInput, z.input<typeof createProjectSchema>>>,
  Assert<Same<Project, z.output<typeof projectDtoSchema>>>,
  Assert<Accepted<WorkflowInput, z.input<typeof workflowInputSchema>>>,
  Assert<Same<Workflow, z.output<typeof workflowDtoSchema>>>,
  Assert<Accepted<CreateHostedLoginInput, z.input<typeof createHostedLoginSchema>>>,
  Assert<Same<HostedLoginUrl, z.output<typeof hostedLoginCreatedSchema>>>,
  Assert<Same<HostedLogin, z.output<typeof hostedLoginDtoSchema>>>,
  Assert<Accepted<SendChallengeInput, Omit<z.input<typeof sendChallengeSchema>, 'projectId' | 'clientToken'>>>,
  Assert<Same<SendChallengeResult, z.output<typeof sendChallengeResultSchema>>>,
  Assert<Same<Verified, z.output<typeof verifiedDtoSchema>>>,
  Assert<Same<Refreshed, z.output<typeof refreshedSessionDtoSchema>>>,
  Assert<Same<Session, z.output<typeof sessionDtoSchema>>>,
  Assert<Same<User, z.output<typeof userDtoSchema>>>,
  Assert<Same<Jwks, z.output<typeof jwksDtoSchema>>>,
  Assert<Same<Mailbox, z.output<typeof mailboxDtoSchema>>>,
  Assert<Same<ProjectUser, z.output<typeof projectUserDtoSchema>>>,
  Assert<Same<UserSession, z.output<typeof userSessionDtoSchema>>>,
  Assert<Same<SecretKey, z.output<typeof secretKeyDtoSchema>>>,
  Assert<Same<CreatedSecretKey, z.output<typeof createdSecretKeyDtoSchema>>>,
  Assert<Accepted<CreateSecretKeyInput, z.input<typeof createSecretKeySchema>>>,
  Assert<Same<ProblemDetails, z.output<typeof problemDetailsSchema>>>,
  // and the checks tell types apart
  Assert<Equal<Same<Project, Workflow>, false>>,
  Assert<Equal<Same<Session['status'], 'active' | 'expired'>, false>>,
  Assert<Equal<Accepted<{ name: string; extra?: string }, { name: string }>, false>>,
  Assert<Equal<Accepted<{ name?: string }, { name: string }>, false>>,
  Assert<Equal<Accepted<{ name: number }, { name: string }>, false>>,
];
