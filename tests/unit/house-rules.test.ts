/**
 * The rules of the house (shared/STYLE.md), checked: what lib/ may import, what code that runs
 * in strava.com pages may reach, and that every message has a schema and a handler.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestSchemas } from '@/lib/messages';

const ROOT = resolve(__dirname, '../..');

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return filesUnder(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/**
 * The modules a file imports (static and dynamic), as written. Type-only imports (`import type`,
 * or braces of nothing but `type` names) bring no code: they are left out.
 */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const statements = [...text.matchAll(/(?:^|\n)\s*(import|export)\s+([^'";]*?)\s*from\s+['"]([^'"]+)['"]/g)].filter(([, , clause]) => {
    if (/^type\s/.test(clause!)) return false;
    const braces = /^\{([^}]*)\}$/.exec(clause!.trim());
    return !braces || !braces[1]!.split(',').every((name) => !name.trim() || /^type\s/.test(name.trim()));
  });
  return [
    ...statements.map((match) => match[3]!),
    ...[...text.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)].map((match) => match[1]!),
    ...[...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((match) => match[1]!),
  ];
}

/** A module specifier as a file of the repository, or undefined for a package. */
function resolveImport(from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith('@/')) base = specifier.slice(2);
  else if (specifier.startsWith('.')) base = relative(ROOT, resolve(ROOT, dirname(from), specifier));
  else return undefined;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(join(ROOT, candidate)) && statSync(join(ROOT, candidate)).isFile()) return candidate;
  }
  return undefined;
}

/** Every file and package reached from `entry` through imports. */
function reachable(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of importsOf(file)) {
      if (specifier.endsWith('.css')) continue;
      const target = resolveImport(file, specifier);
      if (target) visit(target);
      else if (!specifier.startsWith('.') && !specifier.startsWith('@/')) packages.add(specifier);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('the house rules', () => {
  it('lib/ is the domain: it imports no browser API, no WXT and no entrypoint or storage code', () => {
    const offences: string[] = [];
    for (const file of filesUnder('lib')) {
      for (const specifier of importsOf(file)) {
        if (/^(wxt|@wxt-dev|webextension-polyfill)(\/|$)/.test(specifier) || /^@\/(entrypoints|storage|components)\//.test(specifier)) offences.push(`${file} imports ${specifier}`);
      }
      const text = readFileSync(join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      if (/\b(browser|chrome)\.(runtime|storage|alarms|identity|tabs)\b/.test(text)) offences.push(`${file} calls the extension API`);
    }
    expect(offences).toEqual([]);
  });

  it('code that runs in strava.com pages never reaches the database or the Spotify tokens', () => {
    const entries = ['entrypoints/strava.content/index.ts', ...(existsSync(join(ROOT, 'entrypoints/strava-panel.ts')) ? ['entrypoints/strava-panel.ts'] : [])];
    for (const entry of entries) {
      const { files, packages } = reachable(entry);
      const forbidden = [...files].filter((file) => file === 'lib/db.ts' || file === 'storage/db.ts' || file === 'lib/spotify/tokens.ts' || file.startsWith('entrypoints/background/'));
      expect({ entry, forbidden }).toEqual({ entry, forbidden: [] });
      expect({ entry, dexie: [...packages].filter((name) => name.startsWith('dexie')) }).toEqual({ entry, dexie: [] });
    }
  });

  it('every message has a schema and a handler in the background, and every handler a schema', () => {
    const handlers = [...readFileSync(join(ROOT, 'entrypoints/background/messages.ts'), 'utf8').matchAll(/\bhandle\(\s*'([A-Za-z]+)'/g)].map((match) => match[1]!);
    expect([...handlers].sort()).toEqual(Object.keys(requestSchemas).sort());
  });
});
