// Every operation of the REST API, described by the zod schemas that validate its input and
// shape its output (one file per area under ./operations/). lib/openapi/document.ts turns this
// table into the OpenAPI 3.1 document; test/integration/openapi.test.ts checks that it lists
// exactly the route handlers under app/api.
import { adminOperations } from './operations/admin';
import type { Operation } from './operations/common';
import { developmentOperations } from './operations/development';
import { endUserOperations } from './operations/end-user';
import { projectOperations } from './operations/projects';

export type { NamedSchema, Operation } from './operations/common';

export const operations: Operation[] = [
  ...projectOperations,
  ...adminOperations,
  ...endUserOperations,
  ...developmentOperations,
];
