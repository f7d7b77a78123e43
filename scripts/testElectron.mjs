// `npm run test:electron`: the extension-host Mocha suite (test/exthost) in desktop VS Code,
// downloaded by @vscode/test-electron into .vscode-test/: first the oldest VS Code that
// engines.vscode allows, then the current stable. `npm run test:electron -- 1.140.0` runs other
// versions. It needs update.code.visualstudio.com (and a display: xvfb-run is used when there is
// none); without them it stops with one clear line. The same suite runs in code-server 4.139.1,
// with no download, as part of `npm test -- e2e`.
// `--prepare` only builds and writes the sample workspace to .vscode-test/workspace: the
// "Extension Tests" launch configuration runs the suite from there in the VS Code you debug with.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const { downloadAndUnzipVSCode, runTests } = require('@vscode/test-electron');

const cache = join(root, '.vscode-test');
const testOut = join(root, process.env.NPU_TEST_OUT || 'out');
const DOWNLOAD_IDLE_MS = 30_000;
const SUITE_LIMIT_MS = 10 * 60_000;

function stop(message) {
  console.error(`test:electron: ${message}`);
  process.exit(1);
}

if (process.argv[2] === '--prepare') {
  buildWithTests();
  const workspace = join(cache, 'workspace');
  rmSync(workspace, { recursive: true, force: true });
  console.log(`sample workspace: ${loadHarness().makeSampleWorkspace(workspace).ws}`);
  process.exit(0);
}

/** The bundles the extension runs from (dist/) and the compiled suite (out/). */
function buildWithTests() {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--tests'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** The e2e suite's sample workspace (three Paddle namings, a Caffe pair, a plain file), compiled. */
function loadHarness() {
  return require(join(testOut, 'test', 'e2e', 'codeServerHarness.js'));
}

const engines = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.vscode;
const minimum = /^\^(\d+\.\d+\.\d+)$/.exec(engines)?.[1];
if (!minimum) stop(`engines.vscode is '${engines}'; expected ^X.Y.Z, whose X.Y.Z is the oldest VS Code to test`);
const versions = process.argv.length > 2 ? process.argv.slice(2) : [minimum, 'stable'];

// 1. VS Code itself, before anything else, so a machine that cannot download it is told so at once.
const executables = new Map();
for (const version of versions) {
  try {
    executables.set(version, await downloadAndUnzipVSCode({ version, cachePath: cache, timeout: DOWNLOAD_IDLE_MS }));
  } catch (e) {
    const reason = e?.cause?.message ?? e?.message ?? String(e);
    stop(`could not download VS Code ${version} from update.code.visualstudio.com (${reason}). This suite needs that ` +
      'download; on a machine without it, the same suite runs in code-server with `npm test -- e2e`.');
  }
}

// 2. Linux without a display: the same command again under a virtual X server.
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  if (spawnSync('xvfb-run', ['--help'], { stdio: 'ignore' }).error) stop('VS Code needs a display; install xvfb (Debian: apt-get install xvfb) or set DISPLAY');
  const r = spawnSync('xvfb-run', ['-a', process.execPath, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

// 3. The build.
buildWithTests();
const { makeSampleWorkspace } = loadHarness();

// 4. The suite on each version, each in a fresh profile and a fresh copy of the sample workspace.
const results = [];
for (const [version, executable] of executables) {
  mkdirSync(join(cache, 'runs'), { recursive: true });
  const run = mkdtempSync(join(cache, 'runs', 'run-'));
  const report = join(run, 'report.txt');
  writeFileSync(report, '');
  const { ws } = makeSampleWorkspace(run);
  console.log(`\n▸ test/exthost in VS Code ${version} (${executable})`);
  // A hung VS Code is stopped the way Ctrl-C stops it (test-electron's handler: gently, then the process tree).
  const watchdog = setTimeout(() => {
    console.error(`test:electron: VS Code ${version} did not finish the suite in ${SUITE_LIMIT_MS / 60_000} minutes; stopping it`);
    process.emit('SIGINT');
    setTimeout(() => process.emit('SIGINT'), 10_000).unref();
  }, SUITE_LIMIT_MS);
  let ok = true;
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: root,
      extensionTestsPath: join(testOut, 'test', 'exthost', 'index.js'),
      extensionTestsEnv: { EXT_TEST_RESULT: report },
      launchArgs: [ws, '--disable-extensions', `--user-data-dir=${join(run, 'user-data')}`, `--extensions-dir=${join(run, 'extensions')}`],
    });
  } catch {
    ok = false;
  } finally {
    clearTimeout(watchdog);
  }
  const text = existsSync(report) ? readFileSync(report, 'utf8').trim() : '';
  console.log(text || '(the suite wrote no report)');
  results.push(`${ok ? 'passed' : 'FAILED'}  VS Code ${version}  ${text.split('\n').pop() ?? ''}`);
  if (ok) rmSync(run, { recursive: true, force: true });
  else results.push(`        kept for a look: ${run}`);
}
console.log(`\n${results.join('\n')}`);
process.exit(results.some((r) => r.startsWith('FAILED')) ? 1 : 0);
