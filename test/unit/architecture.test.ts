// The house's arrows, checked: src/core never reaches VS Code (it runs in the CLI, the language
// server and tests as is), the webview sees only the protocol and its own code, and nothing but
// src/core/hosts starts processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(path.join(repoRoot, dir))) {
    const rel = path.join(dir, name);
    if (statSync(path.join(repoRoot, rel)).isDirectory()) sources(rel, out);
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(repoRoot, file), 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3],
  );
}

test('src/core imports nothing from vscode and nothing from the extension, server or cli', () => {
  const offenders = sources('src/core').flatMap((f) =>
    importsOf(f)
      .filter((spec) => spec === 'vscode' || /(^|\/)(extension|server|cli)(\/|$)/.test(spec))
      .map((spec) => `${f} → ${spec}`),
  );
  assert.deepEqual(offenders, []);
});

test('the webview imports only its own modules, the protocol, the graph types, the pure layout and range rule, the pure comparison helpers, and browser packages', () => {
  const offenders = sources('webview').flatMap((f) =>
    importsOf(f)
      .filter((spec) => spec === 'vscode' || spec.startsWith('node:') || (spec.includes('src/') && !/src\/(protocol\/[\w]+|core\/graph\/(graph|compactGraph|nodeDetails|nodeRange|rangeBoundary|nodeGroups|groupRoles)|core\/layout\/[\w]+|core\/modelInfo|core\/model|core\/compare\/(compareResult|rowNodes|rangeAround|tensorDetail|thresholds))$/.test(spec)))
      .map((spec) => `${f} → ${spec}`),
  );
  assert.deepEqual(offenders, []);
});

test('only src/core/hosts may start processes', () => {
  const spawners = [...sources('src'), ...sources('webview')].filter(
    (f) => !f.startsWith(path.join('src', 'core', 'hosts')) && importsOf(f).some((spec) => spec === 'child_process' || spec === 'node:child_process'),
  );
  assert.deepEqual(spawners, []);
});

test('core reads files only through the FileAccess interface: node:fs is for the Node implementation and the writers', () => {
  const allowed = new Set(['io/nodeFileAccess.ts', 'io/atomicWrite.ts', 'io/ensureFolder.ts', 'formats/paddle/paramsWriter.ts'].map((f) => path.join('src', 'core', f)));
  // src/core/hosts copies files to and from hosts and hashes what it uploads: it is the door to processes and their files.
  const hosts = path.join('src', 'core', 'hosts') + path.sep;
  const offenders = sources('src/core').filter((f) => !allowed.has(f) && !f.startsWith(hosts) && importsOf(f).some((spec) => spec === 'fs' || spec === 'node:fs' || spec === 'fs/promises' || spec === 'node:fs/promises'));
  assert.deepEqual(offenders, []);
});

test('the import scanner sees imports (so the checks above can fail)', () => {
  assert.ok(importsOf(path.join('src', 'core', 'io', 'nodeFileAccess.ts')).includes('node:fs'));
  assert.ok(importsOf(path.join('src', 'extension', 'loadModel.ts')).includes('vscode'));
});
