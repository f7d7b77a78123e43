// Typed access to scripts/vscode/codeServer.mjs (shared with `npm start`) from the compiled
// CommonJS tests, the setup a suite needs to drive the packaged extension in code-server, and the
// sample workspace the end-to-end tests open.
import { chmodSync, cpSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '../support/paths';
import { corpus } from '../support/corpus';
import { launchChromium } from '../webview/viewerPage';
import { packageVsix } from './packageVsix';

/** Where the end-to-end tests leave their screenshots. */
export const shotsDir = path.join(repoRoot, 'e2e-shots');

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

/** A suite's code-server and browser, and what each test takes from them (see packagedCodeServer). */
export interface PackagedCodeServer {
  /** The code-server module, once the suite's `before` has run. */
  readonly cs: CodeServerModule;
  /**
   * A fresh profile with the VSIX packaged from this checkout installed. `scratch` is the folder
   * the packaging used, free for the test's own files outside the workspace (a simulated SDK).
   */
  packagedProfile(prefix: string): { profile: Profile; scratch: string };
  /**
   * Starts code-server in `profile` on the folder `ws` and opens it in a new 1280×900 page whose
   * waits time out after 60 s. The server is stopped after the suite if the test has not.
   */
  openWorkspace(profile: Profile, ws: string): Promise<{ server: RunningCodeServer; page: Page }>;
}

/**
 * Registers the suite's setup and teardown (call it in the describe body): code-server installed
 * (the first run downloads it), one headless chromium, the screenshots folder; after the suite the
 * servers stopped, the browser closed and the profiles removed.
 */
export function packagedCodeServer(): PackagedCodeServer {
  let cs: CodeServerModule | undefined;
  let browser: Browser | undefined;
  const profiles: Profile[] = [];
  const servers: RunningCodeServer[] = [];
  before(async () => {
    cs = await loadCodeServerModule();
    await cs.ensureCodeServer({ timeoutMs: 15 * 60_000 });
    browser = await launchChromium();
    mkdirSync(shotsDir, { recursive: true });
  });
  after(async () => {
    for (const s of servers) await s.stop();
    await browser?.close();
    for (const p of profiles) p.remove();
  });
  const ready = (): { cs: CodeServerModule; browser: Browser } => {
    if (!cs || !browser) throw new Error('packagedCodeServer: used before the suite\'s setup ran');
    return { cs, browser };
  };
  return {
    get cs() {
      return ready().cs;
    },
    packagedProfile(prefix) {
      const { cs } = ready();
      const pack = cs.makeProfile({ prefix: `${prefix}-pkg` });
      profiles.push(pack);
      const { vsix } = packageVsix(pack.dir);
      const profile = cs.makeProfile({ prefix });
      profiles.push(profile);
      cs.installVsix(profile, vsix);
      return { profile, scratch: pack.dir };
    },
    async openWorkspace(profile, ws) {
      const { cs, browser } = ready();
      const server = await cs.startCodeServer({ profile, folder: ws });
      servers.push(server);
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.setDefaultTimeout(60_000);
      await page.goto(`${server.url}/?folder=${encodeURIComponent(ws)}`);
      return { server, page };
    },
  };
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
