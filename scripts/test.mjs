// `npm test`: build, type-check (every target's tsconfig, `tsc -b`), lint (eslint), then every
// test through node's own runner, so the output ends with node:test's summary. `npm test -- unit`
// (or `npm run test:unit`) runs only test/unit.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv[2]; // unit | webview | e2e | a path fragment

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function listTests(dir, out = []) {
  let names;
  try { names = readdirSync(dir); } catch { return out; }
  for (const name of names) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) listTests(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

// With NPU_TEST_OUT set (a side-by-side run while developing one area) only the tests are
// compiled, into that folder, and type checking and lint are left to `npm run typecheck` and
// `npm run lint`.
const testOut = process.env.NPU_TEST_OUT || 'out';
if (process.env.NPU_TEST_OUT) {
  run(process.execPath, ['scripts/build.mjs', '--tests-only']);
} else {
  run(process.execPath, ['scripts/build.mjs', '--tests']);
  step('type check (tsc -b)', [join(root, 'node_modules/typescript/bin/tsc'), '-b']);
  step('lint (eslint)', [join(root, 'node_modules/eslint/bin/eslint.js'), '.']);
}

/** A check before the tests: its name on failure, so a red run says which check stopped it. */
function step(name, args) {
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) {
    console.error(`npm test: ${name} failed (exit ${r.status ?? r.signal}); no tests were run`);
    process.exit(r.status || 1);
  }
}

const suites = ['unit', 'webview', 'e2e'];
const testRoot = join(root, testOut, 'test');
const files = suites
  .filter((s) => !only || s === only || !suites.includes(only))
  .flatMap((s) => listTests(join(testRoot, s)))
  // Match the fragment against the path below out/test, not the output folder's own name.
  .filter((f) => !only || suites.includes(only) || f.slice(testRoot.length).includes(only))
  .sort();
if (files.length === 0) {
  console.error(`no test files found${only ? ` for "${only}"` : ''}`);
  process.exit(1);
}
run(process.execPath, ['--test', '--test-reporter=spec', ...files]);
