/**
 * The HTTP contract: every request and response shape of the API, once. Plain TypeScript (no
 * framework): the services return these types, the API's request DTOs implement the bodies, the
 * OpenAPI document is generated from them (apps/api/src/openapi) and the web app uses them as they
 * are. Vocabularies (states, roles, outcomes …) are the domain's, imported as types file by file
 * so that nothing of the domain's runtime reaches a browser bundle through this lib.
 */
export * from './common';
export * from './orgs';
export * from './auth';
export * from './lists';
export * from './tasks';
export * from './assignments';
export * from './audit';
export * from './reviews';
export * from './supervision';
export * from './notifications';
export * from './calendar';
export * from './users';
export * from './health';
export * from './assessment';
export * from './coordination';
export * from './tolerance';
export * from './staffing';
export * from './powers';
export * from './workbench';
export * from './batch';
