// The model corpora are what they claim: the first test names the corpus this run reads (and
// checks its folders); the rest hold test/corpus to its manifest — hashes, sizes, nothing
// unlisted, permissive licences with their texts — and, with the full corpus here, to the
// full corpus's own copies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { corpus, describeCorpus, fullCorpus, ifFullCorpus, inRepoCorpus, inRepoManifest, inRepoRoot, type ReferenceSummary } from '../support/corpus';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const rel = prefix ? `${prefix}/${name}` : name;
    return statSync(path.join(dir, name)).isDirectory() ? filesUnder(path.join(dir, name), rel) : [rel];
  });
}

/** The model files a reference summary describes, whatever the framework's layout of entries. */
function filesNamedBy(reference: ReferenceSummary & { files?: Record<string, unknown> }): string[] {
  if (reference.framework === 'paddle-pir') return Object.keys(reference.files ?? {});
  const entries = (reference.entries ?? []) as { file?: string; pickle_file?: string; program?: { file: string }; params?: { file?: string } | null }[];
  return entries.flatMap((e) => [e.file, e.pickle_file, e.program?.file, e.params?.file].filter((f): f is string => typeof f === 'string'));
}

test(`corpus: ${describeCorpus()}`, () => {
  assert.ok(corpus.models.length >= inRepoCorpus.models.length, 'the full corpus holds at least the in-repo models');
  for (const model of corpus.models) {
    const label = path.relative(corpus.root, model.folder);
    assert.equal(statSync(model.folder).isDirectory(), true, `${label} is a folder`);
    assert.ok(model.files.length > 0, `${label} holds files`);
    assert.ok(filesNamedBy(model.reference).some((f) => model.has(f)), `${label} holds a file its reference describes`);
  }
});

test('in-repo corpus: every file has the sha256 and size its manifest gives', () => {
  assert.ok(inRepoManifest.files.length > 0);
  for (const f of inRepoManifest.files) {
    const file = path.join(inRepoRoot, f.path);
    assert.equal(statSync(file).size, f.bytes, `${f.path} size`);
    assert.equal(sha256(file), f.sha256, `${f.path} sha256`);
  }
});

test('in-repo corpus: every file under test/corpus is in the manifest, once', () => {
  const listed = inRepoManifest.files.map((f) => f.path);
  assert.equal(new Set(listed).size, listed.length, 'a path listed twice');
  const present = filesUnder(inRepoRoot).filter((f) => f !== 'manifest.json').sort();
  assert.deepEqual(present, [...listed].sort());
});

test('in-repo corpus: each model folder has its reference, and leaves out only what it says', () => {
  const byPath = new Map(inRepoManifest.files.map((f) => [f.path, f]));
  for (const m of inRepoManifest.models) {
    const ref = byPath.get(m.reference);
    assert.equal(ref?.kind, 'reference', `${m.folder}: ${m.reference} is listed as a reference`);
    assert.equal(ref.describes, m.folder);
    const model = inRepoCorpus.models.find((x) => x.referenceFile === m.reference);
    assert.ok(model, `${m.reference} is loaded`);
    assert.equal(`${model.framework}/${model.name}`, m.folder, `${m.reference} describes ${m.folder}`);
    const missing = filesNamedBy(model.reference).filter((f) => !model.has(f));
    for (const f of missing) assert.ok(m.leftOut?.includes(f), `${m.folder}/${f} is neither here nor in leftOut`);
    const files = inRepoManifest.files.filter((f) => f.kind === 'model' && path.posix.dirname(f.path) === m.folder);
    assert.deepEqual(files.map((f) => [f.repository, f.commit, f.licence]), files.map(() => [m.repository, m.commit, m.licence]), `${m.folder}: one source`);
  }
});

test('in-repo corpus: only BSD, MIT and Apache-2.0 models, each with its source repository\'s licence text', () => {
  const permissive = new Set(['BSD-2-Clause', 'BSD-3-Clause', 'MIT', 'Apache-2.0']);
  const licenceFiles = new Map(inRepoManifest.files.filter((f) => f.kind === 'licence').map((f) => [f.path, f]));
  for (const f of inRepoManifest.files) {
    assert.ok(permissive.has(f.licence), `${f.path}: ${f.licence}`);
    if (f.kind === 'licence') continue;
    const text = licenceFiles.get(f.licenceFile ?? '');
    assert.ok(text, `${f.path}: its licence file ${f.licenceFile} is listed`);
    assert.equal(text.licence, f.licence, `${f.path}: the licence file is the same licence`);
    // One LICENSE per repository: where files came from two commits, its text was the same at both.
    if (f.kind === 'model') assert.equal(text.repository, f.repository, `${f.path}: the licence comes from the same repository`);
  }
  const spdxWords: Record<string, RegExp> = { 'BSD-2-Clause': /Redistribution and use in source and binary forms/, MIT: /Permission is hereby granted, free of charge/, 'Apache-2.0': /Apache License\s+Version 2\.0/ };
  for (const [file, f] of licenceFiles) assert.match(readFileSync(path.join(inRepoRoot, file), 'utf8'), spdxWords[f.licence], file);
});

ifFullCorpus(test)('in-repo corpus: every model and reference file is byte-identical to the full corpus\'s copy', () => {
  for (const f of inRepoManifest.files.filter((x) => x.kind !== 'licence')) {
    assert.ok(fullCorpus!.has(f.path), `${f.path} is in the full corpus`);
    assert.equal(sha256(fullCorpus!.path(f.path)), f.sha256, f.path);
  }
});
