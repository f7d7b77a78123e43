// The one way tests reach real model files: the model collection beside the clone,
// ../shared/models (or NPU_DEPLOY_SHARED_MODELS), laid out as <framework>/<model>/ beside a
// <model>.reference.json decoded independently with protoc. Developer machines and CI have it;
// the project keeps no copies. A test about a real model names it with `sharedModel(...)` and is
// registered through `ifFullCorpus(test)`: without the collection it is left out, not skipped,
// and the run says so (test/unit/corpus.test.ts). Tests over every model iterate `corpus.models`.
// Models the project's own writers make (samples, hostile generators) need no collection.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { sharedModelsRoot } from './paths';
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
  /** The files of the folder. */
  files: string[];
  has(file: string): boolean;
  path(file: string): string;
}

export interface Corpus {
  kind: 'full';
  root: string;
  models: CorpusModel[];
  /** Whether this corpus holds a file (or folder), given relative to its root in parts or with '/'. */
  has(...parts: string[]): boolean;
  /** Absolute path of a file or folder this corpus holds; a path it does not hold throws. */
  path(...parts: string[]): string;
}

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

/** The collection, when it is beside the clone. */
export const fullCorpus: Corpus | undefined = existsSync(sharedModelsRoot) ? loadFull(sharedModelsRoot) : undefined;
/** The corpus tests over every model iterate: empty without the collection. */
export const corpus: Corpus = fullCorpus ?? makeCorpus('full', sharedModelsRoot, [], () => false, () => []);

/**
 * Absolute path of a file of the collection. Only a path: tests that read it are registered with
 * ifFullCorpus, so a run without the collection never opens it.
 */
export function sharedModel(...parts: string[]): string {
  return path.join(sharedModelsRoot, ...parts);
}

/** `test`, `it` or `describe` for tests that read the collection; without it they are not registered. */
export function ifFullCorpus<F extends (...args: never[]) => unknown>(register: F): F {
  return registerWhen(fullCorpus !== undefined, register);
}

/** One line for the run's output: which models the tests read. */
export function describeCorpus(): string {
  return fullCorpus
    ? `full (${fullCorpus.root}), ${fullCorpus.models.length} model folders`
    : `no model collection at ${sharedModelsRoot}: only the tests on models the project writes itself run`;
}
