// zod schemas to JSON Schema for the OpenAPI document: named components, inline schemas
// and parameters, in one direction (request = input, response = output).
import { z } from 'zod';
import type { NamedSchema } from './operations';

export type JsonSchema = Record<string, unknown>;

export const SCHEMA_REF = '#/components/schemas/';

/**
 * Removes noise zod adds for OpenAPI readers (datetime regexes, ±2^53 integer bounds) and
 * the closed-object marker of response schemas: responses may gain fields, and clients must accept ones they do not know.
 */
export function tidy(json: JsonSchema, io: 'input' | 'output'): void {
  if (io === 'output' && json.additionalProperties === false) delete json.additionalProperties;
  if (json.format === 'date-time') delete json.pattern;
  if (json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum;
  if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum;
}

export function stripTopLevel(json: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = json;
  return rest;
}

/** components.schemas for named schemas, in one direction (request = input, response = output). */
export function componentSchemas(named: NamedSchema[], io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const { name, schema } of named) registry.add(schema, { id: name });
  const { schemas } = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri: (id) => `${SCHEMA_REF}${id}`,
    override: (ctx) => tidy(ctx.jsonSchema as JsonSchema, io),
  });
  const result: Record<string, JsonSchema> = {};
  for (const [name, json] of Object.entries(schemas)) result[name] = stripTopLevel(json as JsonSchema);
  return result;
}

export function inlineSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return stripTopLevel(
    z.toJSONSchema(schema, {
      io,
      target: 'draft-2020-12',
      unrepresentable: 'any',
      override: (ctx) => tidy(ctx.jsonSchema as JsonSchema, io),
    }) as JsonSchema,
  );
}

export function uniqueNamed(list: Array<NamedSchema | undefined>): NamedSchema[] {
  const byName = new Map<string, NamedSchema>();
  for (const item of list) {
    if (!item) continue;
    const seen = byName.get(item.name);
    if (seen && seen.schema !== item.schema) throw new Error(`Two different schemas are both named ${item.name}`);
    byName.set(item.name, item);
  }
  return [...byName.values()];
}

export type Parameter = {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
};

/** One parameter per property of an object schema. */
export function parametersOf(
  objectJson: JsonSchema,
  where: 'path' | 'query',
  options: { alsoInBody?: boolean; skip?: string[] } = {},
): Parameter[] {
  const properties = (objectJson.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((objectJson.required ?? []) as string[]);
  return Object.entries(properties)
    .filter(([name]) => !options.skip?.includes(name))
    .map(([name, schema]) => {
      const { description: text, ...rest } = schema;
      const isRequired = required.has(name);
      const notes = [
        options.alsoInBody && isRequired ? 'Required, here or in the JSON body.' : undefined,
        options.alsoInBody && !isRequired ? 'May also be sent in the JSON body.' : undefined,
        typeof text === 'string' ? text : undefined,
      ].filter(Boolean);
      const parameter: Parameter = {
        name,
        in: where,
        required: where === 'path' ? true : options.alsoInBody ? false : isRequired,
        schema: rest,
      };
      if (notes.length) parameter.description = notes.join(' ');
      return parameter;
    });
}

export function jsonContent(schema: JsonSchema) {
  return { 'application/json': { schema } };
}
