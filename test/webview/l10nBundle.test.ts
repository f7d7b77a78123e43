// Every runtime string the extension, the language server and the model readers (src/core) show
// has a zh-cn translation, and every contribution string in package.json has an entry in both
// package.nls files.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/paths';

const read = (p: string) => readFileSync(path.join(repoRoot, p), 'utf8');

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(path.join(repoRoot, dir))) {
    const p = path.join(dir, name);
    if (statSync(path.join(repoRoot, p)).isDirectory()) sources(p, out);
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** The templates of every `t('…')` / `l10n.t('…')` call in the .ts files under `dir`. */
function templates(dir: string): Set<string> {
  const keys = new Set<string>();
  for (const f of sources(dir)) {
    for (const m of read(f).matchAll(/\bt\(\s*'((?:[^'\\]|\\.)*)'/g)) keys.add(m[1].replace(/\\(.)/g, '$1'));
  }
  return keys;
}

/** The placeholders @vscode/l10n's formatter will fill: it takes `{…}` up to the first `}`, so a
 * literal `{` before a placeholder (`'{' after {0}`) would swallow it. */
const fillable = (s: string) => [...s.matchAll(/{([^}]+)}/g)].map((m) => m[1]).filter((g) => /^\d+$/.test(g)).sort().join();

describe('l10n', () => {
  const zh = JSON.parse(read('l10n/bundle.l10n.zh-cn.json')) as Record<string, string>;

  it('translates every l10n.t string of src/extension', () => {
    const keys = templates('src/extension');
    assert.ok(keys.size > 20, `found only ${keys.size} strings`);
    const missing = [...keys].filter((k) => !(k in zh));
    assert.deepEqual(missing, []);
  });

  it('translates every t() template of src/core (reader errors and warnings, prototxt diagnostics)', () => {
    const keys = templates('src/core');
    assert.ok(keys.size > 100, `found only ${keys.size} templates`);
    const missing = [...keys].filter((k) => !(k in zh));
    assert.deepEqual(missing, []);
  });

  it('leaves no reader message in src/core as an English template literal', () => {
    // A message written as `... ${x} ...` instead of t('... {0} ...', x) would never be translated.
    const offenders: string[] = [];
    for (const f of sources('src/core')) {
      read(f)
        .split('\n')
        .forEach((line, i) => {
          if (/^\s*(\/\/|\*|\/\*)/.test(line)) return;
          const reports = /(ModelFormatError\(|\b(?:fail|warn|problem)\(|message:)/.test(line);
          if (reports && /`[^`]*[A-Za-z] [A-Za-z][^`]*`/.test(line)) offenders.push(`${f}:${i + 1}: ${line.trim()}`);
        });
    }
    assert.deepEqual(offenders, []);
  });

  it('keeps every placeholder where @vscode/l10n can fill it', () => {
    for (const key of [...templates('src/core'), ...templates('src/extension')]) {
      const ph = (key.match(/\{\d+\}/g) ?? []).map((p) => p.slice(1, -1)).sort().join();
      assert.equal(fillable(key), ph, `"${key}"`);
      if (zh[key]) assert.equal(fillable(zh[key]), ph, `zh-cn of "${key}"`);
    }
  });

  it('keeps placeholders and leaves no translation empty', () => {
    for (const [en, cn] of Object.entries(zh)) {
      assert.ok(cn.trim().length > 0, en);
      const ph = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort().join();
      assert.equal(ph(cn), ph(en), `placeholders differ in "${en}"`);
    }
  });

  it('has every %key% of package.json in package.nls.json and package.nls.zh-cn.json', () => {
    const keys = [...read('package.json').matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length >= 6);
    for (const nls of ['package.nls.json', 'package.nls.zh-cn.json']) {
      const table = JSON.parse(read(nls)) as Record<string, string>;
      assert.deepEqual(keys.filter((k) => !table[k]), [], nls);
    }
  });
});
