// The one way tests reach real model files. There are two corpora, laid out alike (folders
// <framework>/<model>/ with a <model>.reference.json summary made independently with protoc):
// - in-repo: test/corpus, a few small permissively licensed models listed in its manifest.json,
//   always here;
// - full: ../shared/models (or NPU_DEPLOY_SHARED_MODELS), beside the clone on developer machines
//   and CI; it holds every in-repo file too.
// `corpus` is the full one when present, else the in-repo one: tests over every model iterate its
// `models`. A test about one model names an in-repo file (`inRepoModel`), or, when only the full
// corpus has that model, is registered through `ifFullCorpus(test)` and reads `corpus.path(…)`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot, sharedModelsRoot } from './paths';
import { registerWhen } from './registerWhen';

export type Framework = 'caffe' | 'paddle' | 'paddle-pir';

/** The parts of a `*.reference.json` every test reads; each test types the entries it checks. */
export interface ReferenceSummary {
  framework: Framework;
  model: string;
  entries?: unknown[];
}

export interface CorpusModel {
  framework: Framework;
  /** The folder's name, e.g. `lenet_bvlc`. */
  name: string;
  /** Absolute path of the model folder. */
  folder: string;
  /** The summary that describes this folder, relative to the corpus root. */
  referenceFile: string;
  reference: ReferenceSummary;
  /** The folder's files this corpus holds; the in-repo corpus leaves a few big ones out. */
  files: string[];
  has(file: string): boolean;
  path(file: string): string;
}

export interface Corpus {
  kind: 'full' | 'in-repo';
  root: string;
  models: CorpusModel[];
  /** Whether this corpus holds a file (or folder), given relative to its root in parts or with '/'. */
  has(...parts: string[]): boolean;
  /** Absolute path of a file or folder this corpus holds; a path it does not hold throws. */
  path(...parts: string[]): string;
}

export interface ManifestFile {
  path: string;
  kind: 'model' | 'reference' | 'licence';
  /** GitHub owner/name the file was copied from; null for the reference summaries. */
  repository: string | null;
  commit: string | null;
  /** Where the file came from: its path in that repository, or in ../shared/models. */
  source: string;
  /** SPDX id of the licence the file is under. */
  licence: string;
  /** The source repository's LICENSE text, relative to test/corpus. */
  licenceFile?: string;
  /** For a reference summary: the model folder it describes. */
  describes?: string;
  sha256: string;
  bytes: number;
}

export interface ManifestModel {
  folder: string;
  reference: string;
  repository: string;
  commit: string;
  source: string;
  licence: string;
  licenceFile: string;
  /** Files of the full folder this corpus leaves out, and why. */
  leftOut?: string;
}

export interface Manifest {
  about: string;
  models: ManifestModel[];
  files: ManifestFile[];
}

export const inRepoRoot = path.join(repoRoot, 'test', 'corpus');
export const inRepoManifest = JSON.parse(readFileSync(path.join(inRepoRoot, 'manifest.json'), 'utf8')) as Manifest;

const relative = (parts: string[]) => parts.join('/').split(/[\\/]+/).filter(Boolean).join('/');

function makeCorpus(kind: Corpus['kind'], root: string, referenceFiles: string[], holds: (rel: string) => boolean, list: (folder: string) => string[]): Corpus {
  const has = (...parts: string[]) => holds(relative(parts));
  const at = (...parts: string[]) => {
    const rel = relative(parts);
    if (!holds(rel)) throw new Error(`${rel} is not in the ${kind} model corpus (${root})`);
    return path.join(root, rel);
  };
  const models = [...referenceFiles].sort().map((referenceFile): CorpusModel => {
    const reference = JSON.parse(readFileSync(path.join(root, referenceFile), 'utf8')) as ReferenceSummary;
    const folder = `${reference.framework}/${reference.model}`;
    const files = list(folder);
    return {
      framework: reference.framework,
      name: reference.model,
      folder: path.join(root, folder),
      referenceFile,
      reference,
      files,
      has: (file) => files.includes(file),
      path: (file) => at(folder, file),
    };
  });
  return { kind, root, models, has, path: at };
}

function loadInRepo(): Corpus {
  const listed = new Set(inRepoManifest.files.map((f) => f.path));
  const holds = (rel: string) => listed.has(rel) || [...listed].some((f) => f.startsWith(`${rel}/`));
  const list = (folder: string) =>
    [...listed].filter((f) => path.posix.dirname(f) === folder).map((f) => path.posix.basename(f)).sort();
  return makeCorpus('in-repo', inRepoRoot, inRepoManifest.models.map((m) => m.reference), holds, list);
}

function loadFull(root: string): Corpus {
  // Caffe and Paddle summaries sit at the root, the Paddle 3 PIR ones in paddle-pir/.
  const summaries = (dir: string) =>
    existsSync(path.join(root, dir))
      ? readdirSync(path.join(root, dir)).filter((n) => n.endsWith('.reference.json')).map((n) => (dir ? `${dir}/${n}` : n))
      : [];
  const holds = (rel: string) => existsSync(path.join(root, rel));
  const list = (folder: string) =>
    holds(folder) ? readdirSync(path.join(root, folder)).filter((n) => statSync(path.join(root, folder, n)).isFile()).sort() : [];
  return makeCorpus('full', root, [...summaries(''), ...summaries('paddle-pir')], holds, list);
}

export const inRepoCorpus: Corpus = loadInRepo();
export const fullCorpus: Corpus | undefined = existsSync(sharedModelsRoot) ? loadFull(sharedModelsRoot) : undefined;
/** The corpus tests over every model iterate: the full one when it is here. */
export const corpus: Corpus = fullCorpus ?? inRepoCorpus;

/** Absolute path of a file of the in-repo corpus, which every run has. */
export function inRepoModel(...parts: string[]): string {
  return inRepoCorpus.path(...parts);
}

/** `test` or `it` for a test about a model only the full corpus holds; without it the test is not registered. */
export function ifFullCorpus<F extends (...args: never[]) => unknown>(register: F): F {
  return registerWhen(fullCorpus !== undefined, register);
}

/** One line for the run's output: which corpus the tests read. */
export function describeCorpus(): string {
  return fullCorpus
    ? `full (${fullCorpus.root}), ${fullCorpus.models.length} model folders`
    : `in-repo only (${inRepoCorpus.root}), ${inRepoCorpus.models.length} model folders; no full corpus at ${sharedModelsRoot}`;
}
