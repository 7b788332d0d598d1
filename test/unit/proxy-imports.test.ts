// proxy.ts runs before every page: its bundle holds what it imports, and it needs the
// database (the hosted pages' lookups) but never the mail stack. This follows every
// value import (type-only imports are erased) from proxy.ts through the repository.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

function resolveImport(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith('@/')) base = path.join(root, specifier.slice(2));
  else if (specifier.startsWith('.')) base = path.resolve(path.dirname(from), specifier);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`cannot resolve ${specifier} from ${from}`);
}

/** Every file and package proxy.ts reaches through value imports. */
function reachable(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    const imports =
      /^\s*(?:import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
    for (const match of source.matchAll(imports)) {
      if (match[1]) continue;
      const specifier = match[2] ?? match[3] ?? '';
      const resolved = resolveImport(file, specifier);
      if (resolved) visit(resolved);
      else packages.add(specifier);
    }
  };
  visit(path.join(root, entry));
  return { files, packages };
}

it('proxy.ts reaches the database but not the mail stack', () => {
  const { files, packages } = reachable('proxy.ts');
  const relative = [...files].map((f) => path.relative(root, f));
  // the hosted pages' lookups, with their database
  expect(relative).toContain('lib/pages/status.ts');
  expect(relative).toContain('lib/db/client.ts');
  // nothing that sends
  for (const sender of ['lib/mail/send-mail.ts', 'lib/challenges/send-challenge.ts', 'lib/workflows/hosted-logins.ts'])
    expect(relative).not.toContain(sender);
  expect([...packages].filter((p) => p === 'resend' || p.startsWith('resend/'))).toEqual([]);
});
