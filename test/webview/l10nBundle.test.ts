// Every runtime string the extension and the language server show has a zh-cn translation, and
// every contribution string in package.json has an entry in both package.nls files.
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

describe('l10n', () => {
  const zh = JSON.parse(read('l10n/bundle.l10n.zh-cn.json')) as Record<string, string>;

  it('translates every l10n.t string of src/extension', () => {
    const keys = new Set<string>();
    for (const f of sources('src/extension')) {
      for (const m of read(f).matchAll(/\bt\(\s*'((?:[^'\\]|\\.)*)'/g)) keys.add(m[1].replace(/\\'/g, "'"));
    }
    assert.ok(keys.size > 20, `found only ${keys.size} strings`);
    const missing = [...keys].filter((k) => !(k in zh));
    assert.deepEqual(missing, []);
  });

  it('translates every fixed message of the prototxt diagnostics (the language server uses them as keys)', () => {
    const text = read('src/core/diagnostics/prototxtDiagnostics.ts');
    const messages = [...text.matchAll(/message: '([^']+)'/g)].map((m) => m[1]);
    assert.deepEqual(messages.filter((m) => !(m in zh)), []);
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
