// `npm start`: build, make a sample workspace, and open it in a real VS Code with this
// repository loaded as a development extension.
//   - your own `code` when it is on PATH (and NPU_DEPLOY_CODE_SERVER is not set), or
//   - code-server 4.139.1 (installed into .vscode-e2e/ on first use, about 2 minutes) on
//     127.0.0.1, printing the URL and staying in the foreground until Ctrl-C.
// Options: --port N (code-server port, default 18080 or the next free one), --no-build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function step(message) {
  console.log(`\n▸ ${message}`);
}

// 1. Build the bundles the extension runs from (dist/).
if (!args.includes('--no-build')) {
  step('building (node scripts/build.mjs)');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// 2. The sample workspace: models the CLI writes, plus ../shared/models when it is there.
const sampleRoot = join(root, '.sample-workspace');
const models = join(sampleRoot, 'models');
mkdirSync(models, { recursive: true });
step(`writing sample models (node dist/cli.js samples ${relative(root, models)})`);
const samples = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'samples', models], { cwd: root, encoding: 'utf8' });
if (samples.status === 0) {
  console.log(`  ${readdirSync(models).length} entries in ${relative(root, models)}`);
} else {
  console.log(`  skipped: the CLI could not write samples yet (${(samples.stderr || samples.stdout || `exit ${samples.status}`).trim()})`);
}
const shared = process.env.NPU_DEPLOY_SHARED_MODELS ?? resolve(root, '..', 'shared', 'models');
const folders = [{ name: 'samples', path: 'models' }];
if (existsSync(shared)) folders.push({ name: 'shared models (read-only)', path: relative(sampleRoot, shared) });
else console.log(`  ${shared} is not there; the workspace holds the generated samples only`);
const workspaceFile = join(sampleRoot, 'npu-deploy-samples.code-workspace');
writeFileSync(workspaceFile, `${JSON.stringify({ folders, settings: { 'files.readonlyInclude': { [`${shared}/**`]: true } } }, null, 2)}\n`);
console.log(`  workspace: ${relative(root, workspaceFile)} (${folders.map((f) => f.name).join(', ')})`);

// 3a. The user's own VS Code.
const hasCode = !process.env.NPU_DEPLOY_CODE_SERVER && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  step('opening VS Code (code --extensionDevelopmentPath)');
  const r = spawnSync('code', ['--new-window', `--extensionDevelopmentPath=${root}`, workspaceFile], { stdio: 'inherit' });
  if (r.status === 0) {
    console.log('  VS Code opened an Extension Development Host window. Click a .pdmodel or run "NPU Deploy: Open Graph" on a .prototxt.');
    process.exit(0);
  }
  console.log('  `code` failed; falling back to code-server');
}

// 3b. code-server, as the end-to-end tests run it (scripts/vscode/codeServer.mjs).
const cs = await import('./vscode/codeServer.mjs');
step('preparing code-server (first run installs Node 24 and code-server into .vscode-e2e/, about 2 minutes)');
cs.ensureCodeServer();
const port = await pickPort(Number(option('--port') ?? process.env.PORT ?? 18080));
const profile = cs.makeProfile({ prefix: 'start' });
// The development extension reaches the web workbench through the `payload` URL parameter,
// which code-server honours only with the smoke-test driver option (shared/vscode-e2e.md, 3a).
const server = await cs.startCodeServer({ profile, folder: workspaceFile, port, testDriver: true });
const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
const payload = JSON.stringify([['extensionDevelopmentPath', remote(root)]]);
const url = `${server.url}/?workspace=${encodeURIComponent(workspaceFile)}&payload=${encodeURIComponent(payload)}`;

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping code-server…');
  await server.stop();
  profile.remove();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
server.exited.then(({ code }) => {
  if (!stopping) {
    console.error(`code-server exited (${code}); log: ${server.logFile}`);
    void stop(1);
  }
});

console.log(`
NPU Deploy is running in code-server ${cs.CODE_SERVER_VERSION}:

  ${url}

Open that URL in a browser on this machine. Click a .pdmodel or .caffemodel in the Explorer, or
right-click a .prototxt and choose "Open Graph". After changing the code, run \`npm run build\`
and "Developer: Reload Window". Log: ${relative(root, server.logFile)}. Ctrl-C stops it.`);
if (!existsSync(join(root, 'dist', 'extension.js'))) console.warn('warning: dist/extension.js is missing; the extension will not load');

function pickPort(preferred) {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => cs.freePort().then(res));
    srv.listen(preferred, '127.0.0.1', () => srv.close(() => res(preferred)));
  });
}
