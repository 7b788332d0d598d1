// The @uauth/client package's types (packages/client/src/api-types.ts) against the OpenAPI
// document of the API: the file is what scripts/client-types.ts generates from the document
// now; and, read back with the TypeScript parser, each interface has exactly the document's
// property names, required ones and enum values. (At compile time, ./client-types-check.ts
// compares the package's types with the types zod infers from the API's own schemas.)
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '@/lib/openapi/document';
import { clientTypesPath, generateClientTypes } from '../../scripts/client-types';

type JsonSchema = Record<string, unknown>;

describe('packages/client/src/api-types.ts', () => {
  it('is what `npm run client:types` generates from the OpenAPI document now', async () => {
    expect(readFileSync(clientTypesPath, 'utf8'), 'run `npm run client:types`').toBe(await generateClientTypes());
  });

  it('has each schema of the document with its property names, required properties and enum values', () => {
    const document = buildOpenApiDocument() as { components: { schemas: Record<string, JsonSchema> } };
    const source = ts.createSourceFile('api-types.ts', readFileSync(clientTypesPath, 'utf8'), ts.ScriptTarget.ES2022);
    const interfaces = new Map<string, ts.InterfaceDeclaration>();
    for (const statement of source.statements)
      if (ts.isInterfaceDeclaration(statement)) interfaces.set(statement.name.text, statement);

    const schemas = document.components.schemas;
    expect([...interfaces.keys()].sort()).toEqual(Object.keys(schemas).sort());

    /** Compares an object schema with a list of type members (an interface's, or an inline object type's). */
    const compare = (where: string, schema: JsonSchema, members: ts.NodeArray<ts.TypeElement>) => {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const signatures = members.filter(ts.isPropertySignature);
      const names = signatures.map((m) => m.name.getText(source));
      expect(names, where).toEqual(Object.keys(properties));
      expect(
        signatures.filter((m) => !m.questionToken).map((m) => m.name.getText(source)),
        `${where}: required`,
      ).toEqual(Object.keys(properties).filter((name) => ((schema.required ?? []) as string[]).includes(name)));
      for (const member of signatures) {
        const name = member.name.getText(source);
        const property = properties[name] ?? {};
        const literals = (node: ts.TypeNode | undefined): string[] => {
          if (!node) return [];
          if (ts.isUnionTypeNode(node)) return node.types.flatMap(literals);
          if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return [node.literal.text];
          return [];
        };
        const expected = Array.isArray(property.enum)
          ? property.enum
          : typeof property.const === 'string'
            ? [property.const]
            : [];
        expect(literals(member.type), `${where}.${name}: enum values`).toEqual(expected);
        const items = (property.items ?? {}) as JsonSchema;
        if (items.type === 'object' && member.type && ts.isTypeReferenceNode(member.type)) {
          const inner = member.type.typeArguments?.[0];
          if (!inner || !ts.isTypeLiteralNode(inner)) throw new Error(`${where}.${name}: not an array of objects`);
          compare(`${where}.${name}[]`, items, inner.members);
        }
      }
    };
    for (const [name, schema] of Object.entries(schemas)) {
      const declaration = interfaces.get(name);
      if (!declaration) throw new Error(`no interface ${name}`);
      compare(name, schema, declaration.members);
    }
  });
});
