// Typed access to scripts/vscode/codeServer.mjs (shared with `npm start`) from the compiled
// CommonJS tests, plus the sample workspace the end-to-end tests open.
import { chmodSync, cpSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../support/paths';
import { corpus } from '../support/corpus';

export interface Profile {
  dir: string;
  userData: string;
  extensions: string;
  home: string;
  env: Record<string, string>;
  remove(): void;
}

export interface RunningCodeServer {
  url: string;
  port: number;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

export interface CodeServerModule {
  ensureCodeServer(options?: { log?: (m: string) => void; timeoutMs?: number; heartbeatMs?: number }): Promise<{ node: string; entry: string }>;
  makeProfile(options?: { settings?: Record<string, unknown>; prefix?: string }): Profile;
  installVsix(profile: Profile, vsix: string): void;
  /** Writes a language pack for `locale` into the profile; start with the same `locale`. */
  addLanguagePack(profile: Profile, locale: string): string;
  startCodeServer(options: { profile: Profile; folder: string; port?: number; env?: Record<string, string>; testDriver?: boolean; locale?: string; timeoutMs?: number }): Promise<RunningCodeServer>;
}

export interface SampleWorkspaceModule {
  writeSampleWorkspace(options: { dir: string; cli: string; shared: string }): { workspaceFile: string; folders: { name: string; path: string }[]; notes: string[] };
  sampleWorkspaceSettings(shared: string): Record<string, unknown>;
}

/** scripts/sampleWorkspace.mjs: the workspace `npm start` opens. */
export async function loadSampleWorkspaceModule(): Promise<SampleWorkspaceModule> {
  return (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'sampleWorkspace.mjs')).href)) as SampleWorkspaceModule;
}

export async function loadCodeServerModule(): Promise<CodeServerModule> {
  // A real dynamic import (the compiled tests are CommonJS; the script is an ES module).
  return (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'vscode', 'codeServer.mjs')).href)) as CodeServerModule;
}

/**
 * ws/ with Paddle programs in all three namings (`*.pdmodel` + weights, `__model__`, `model`), a
 * Caffe prototxt with its caffemodel, a long prototxt (SqueezeNet), and a plain file; copies are
 * made writable (the shared files are read-only) so tests may change them. ppocrv3_det,
 * lenet_mnist_deploy and SqueezeNet are in the full corpus only, so the tests that use this
 * workspace are registered with ifFullCorpus.
 */
export function makeSampleWorkspace(dir: string): { ws: string; pdmodel: string; prototxt: string; longPrototxt: string } {
  const ws = path.join(dir, 'ws');
  mkdirSync(ws, { recursive: true });
  const copies: [string[], string][] = [
    [['paddle', 'ppocrv3_det'], 'ppocrv3_det'],
    [['paddle', 'uci_housing_fit_a_line'], 'uci_housing'],
    [['paddle', 'fill_constant_autoscan'], 'fill_constant'],
    [['caffe', 'lenet_mnist_deploy'], 'lenet'],
    // 66 layers: a node table long enough to scroll.
    [['caffe', 'squeezenet_v1.1'], 'squeezenet'],
    // A Paddle 3 PIR program (inference.json) with its weights.
    [['paddle-pir', 'pplcnet_x0_25_textline_ori'], 'textline_ori'],
  ];
  for (const [from, to] of copies) cpSync(corpus.path(...from), path.join(ws, to), { recursive: true });
  writeFileSync(path.join(ws, 'readme.txt'), 'not a model\n');
  makeWritable(ws);
  return {
    ws,
    pdmodel: path.join(ws, 'ppocrv3_det', 'model.pdmodel'),
    prototxt: path.join(ws, 'lenet', 'mnist_deploy.prototxt'),
    longPrototxt: path.join(ws, 'squeezenet', 'deploy.prototxt'),
  };
}

function makeWritable(p: string): void {
  const st = statSync(p);
  chmodSync(p, st.mode | 0o200);
  if (st.isDirectory()) for (const name of readdirSync(p)) makeWritable(path.join(p, name));
}
