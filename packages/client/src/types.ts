// The names the client uses for the API's requests and responses. The shapes themselves are
// generated from the OpenAPI document into ./api-types.ts (one source: the API's schemas).
import type * as api from './api-types.js';

export type ProblemDetails = api.ProblemDetails;
/** Error codes of the API (`ProblemDetails.code`); each has one HTTP status. */
export type ApiErrorCode = api.ProblemDetails['code'];
export type { Page } from './http.js';

/** Body of createProject / updateProject (what the API accepts: optional fields may be left out). */
export type ProjectInput = api.CreateProjectDto;
export type Project = api.ProjectDto;
export type WorkflowInput = api.WorkflowInput;
export type Workflow = api.WorkflowDto;
export type CreateHostedLoginInput = api.CreateHostedLoginInput;
export type HostedLoginUrl = api.HostedLoginUrl;
export type HostedLogin = api.HostedLoginDto;

/** What sendChallenge takes besides the credentials the browser client adds. */
export type SendChallengeInput = Omit<api.SendChallengeInput, 'projectId' | 'clientToken'>;
export type SendChallengeResult = api.SendChallengeResult;
/** A successful verify: the session (keep `session.code` server-side), the user, an access token. */
export type Verified = api.VerifiedDto;
/** A successful refresh: the session (its `expiresAt` moved on when the project slides) and a new access token. */
export type Refreshed = api.RefreshedSessionDto;
export type Session = api.SessionDto;
export type SessionStatus = Session['status'];
export type User = api.UserDto;
/** GET /api/projects/{projectId}/jwks.json */
export type Jwks = api.JwksDto;
/** GET /api/dev/mailbox (development only). */
export type Mailbox = api.MailboxDto;

/** A project's end user as the admin endpoints answer it (secret key). */
export type ProjectUser = api.ProjectUserDto;
/** A session as the admin endpoints answer it: its id (the sid of its access tokens), never its code. */
export type UserSession = api.UserSessionDto;
export type SecretKey = api.SecretKeyDto;
export type CreatedSecretKey = api.CreatedSecretKeyDto;
export type CreateSecretKeyInput = api.CreateSecretKeyInput;
/** `limit` (1–100, default 100) and `cursor` (a previous page's `nextCursor`) of a list. */
export type PageQuery = { limit?: number; cursor?: string };
