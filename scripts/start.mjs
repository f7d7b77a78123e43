// `npm start`: build, make a sample workspace, and open it in a real VS Code with this
// repository loaded as a development extension.
//   - your own `code` when it is on PATH (and NPU_DEPLOY_CODE_SERVER is not set), or
//   - code-server 4.139.1 (installed into .vscode-e2e/ on first use, printing each step and how
//     long it has taken) on 127.0.0.1, printing the URL and staying in the foreground until Ctrl-C.
// Options: --port N (code-server port, default 18080 or the next free one), --locale zh-cn,
// --no-build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { writeSampleWorkspace } from './sampleWorkspace.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
// `--locale zh-cn`: VS Code and the extension in Simplified Chinese (code-server gets a small
// language pack, scripts/vscode/languagePack.mjs).
const locale = option('--locale');

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
step('writing the sample workspace (node dist/cli.js samples, ../shared/models)');
const shared = process.env.NPU_DEPLOY_SHARED_MODELS ?? resolve(root, '..', 'shared', 'models');
const { workspaceFile, folders, notes } = writeSampleWorkspace({ dir: sampleRoot, cli: join(root, 'dist', 'cli.js'), shared });
for (const note of notes) console.log(`  ${note}`);
console.log(`  workspace: ${relative(root, workspaceFile)} (${folders.map((f) => f.name).join(', ')})`);

// 3a. The user's own VS Code.
const hasCode = !process.env.NPU_DEPLOY_CODE_SERVER && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  step('opening VS Code (code --extensionDevelopmentPath)');
  // Your VS Code shows Chinese only with its Chinese language pack installed.
  const r = spawnSync('code', ['--new-window', ...(locale ? ['--locale', locale] : []), `--extensionDevelopmentPath=${root}`, workspaceFile], { stdio: 'inherit' });
  if (r.status === 0) {
    console.log('  VS Code opened an Extension Development Host window. Click a .pdmodel or run "NPU Deploy: Open Graph" on a .prototxt.');
    process.exit(0);
  }
  console.log('  `code` failed; falling back to code-server');
}

// 3b. code-server, as the end-to-end tests run it (scripts/vscode/codeServer.mjs).
const cs = await import('./vscode/codeServer.mjs');
if (cs.isInstalled()) {
  step(`code-server ${cs.CODE_SERVER_VERSION} (installed in ${relative(root, cs.installDir)}/)`);
} else {
  step(`installing code-server ${cs.CODE_SERVER_VERSION} into ${relative(root, cs.installDir)}/ (first run only; a few minutes, see README)`);
  try {
    await cs.ensureCodeServer({ log: (m) => console.log(`  ${m}`) });
  } catch (e) {
    console.error(`\n${e.message}`);
    process.exit(1);
  }
  console.log(`  npm's log stays in ${relative(root, cs.installLog)}`);
}
const port = await pickPort(Number(option('--port') ?? process.env.PORT ?? 18080));
const profile = cs.makeProfile({ prefix: 'start' });
if (locale) cs.addLanguagePack(profile, locale);
// The development extension reaches the web workbench through the `payload` URL parameter,
// which code-server honours only with the smoke-test driver option (shared/vscode-e2e.md, 3a).
step(`starting code-server on 127.0.0.1:${port}${locale ? ` in ${locale}` : ''}`);
const server = await cs.startCodeServer({ profile, folder: workspaceFile, port, testDriver: true, locale });
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
