// The one Drizzle schema of UAuth, one file per concept under lib/db/schema/ (drizzle-kit
// reads this file: drizzle.config.ts). camelCase keys over snake_case columns. Every row
// that belongs to a tenant carries its organization or project id.
export * from './schema/email-messages';
export * from './schema/organizations';
export * from './schema/projects';
export * from './schema/rate-limits';
export * from './schema/signing-keys';
export * from './schema/workflows';
