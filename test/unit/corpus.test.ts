// The model collection is what it claims: the first line of the run names it (or says it is not
// here), and every folder holds a file its independent reference summary describes. The project
// keeps no copies of it: nothing under test/ is a model file of the collection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { corpus, describeCorpus, fullCorpus, ifFullCorpus, type ReferenceSummary } from '../support/corpus';
import { repoRoot } from '../support/paths';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** The model files a reference summary describes, whatever the framework's layout of entries. */
function filesNamedBy(reference: ReferenceSummary & { files?: Record<string, unknown> }): string[] {
  if (reference.framework === 'paddle-pir') return Object.keys(reference.files ?? {});
  const entries = (reference.entries ?? []) as { file?: string; pickle_file?: string; program?: { file: string }; params?: { file?: string } | null }[];
  return entries.flatMap((e) => [e.file, e.pickle_file, e.program?.file, e.params?.file].filter((f): f is string => typeof f === 'string'));
}

test(`corpus: ${describeCorpus()}`, () => {
  assert.equal(corpus.models.length > 0, fullCorpus !== undefined);
  for (const model of corpus.models) {
    const label = path.relative(corpus.root, model.folder);
    assert.equal(statSync(model.folder).isDirectory(), true, `${label} is a folder`);
    assert.ok(model.files.length > 0, `${label} holds files`);
    assert.ok(filesNamedBy(model.reference).some((f) => model.has(f)), `${label} holds a file its reference describes`);
  }
});

ifFullCorpus(test)('the project holds no copy of a model file of the collection', () => {
  const collection = new Set(corpus.models.flatMap((m) => m.files.map((f) => sha256(path.join(m.folder, f)))));
  const copies = filesUnder(path.join(repoRoot, 'test')).filter((f) => collection.has(sha256(f)));
  assert.deepEqual(copies, []);
});
