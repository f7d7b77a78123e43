// Builds everything with esbuild: the bundles that ship in dist/ (extension host, language
// server, CLI, webview and its layout worker) and, with --tests, an unbundled CommonJS copy of
// src/ and test/ in out/ for node:test. Type checking is `npm run typecheck` (tsc), not this.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync, mkdirSync, cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
// `--only cli`: one bundle, by its name in dist/ (npm pack builds only the CLI it ships).
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
const root = new URL('..', import.meta.url).pathname;

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

// The layout worker reaches the page as text (import 'worker-source:<path>'): VS Code's webview
// cannot start a worker from a resource URL, so the page starts it from a blob: URL.
const workerSourcePlugin = {
  name: 'worker-source',
  setup(build) {
    build.onResolve({ filter: /^worker-source:/ }, (args) => ({ path: join(root, args.path.slice('worker-source:'.length)), namespace: 'worker-source' }));
    build.onLoad({ filter: /.*/, namespace: 'worker-source' }, async (args) => {
      const worker = await esbuild.build({ ...common, entryPoints: [args.path], write: false, metafile: true, platform: 'browser', format: 'iife', target: 'es2022', sourcemap: false });
      return { contents: worker.outputFiles[0].text, loader: 'text', watchFiles: Object.keys(worker.metafile.inputs).map((f) => join(root, f)) };
    });
  },
};

const bundles = [
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode'], target: 'node20' },
  { entryPoints: ['src/server/server.ts'], outfile: 'dist/server.js', platform: 'node', format: 'cjs', target: 'node20' },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['webview/main.ts'], outfile: 'dist/webview/main.js', platform: 'browser', format: 'iife', target: 'es2022', plugins: [workerSourcePlugin] },
  // The Dump dialog's page (src/extension/dumpPanel.ts), a page of its own beside the viewer's.
  { entryPoints: ['webview/dump/main.ts'], outfile: 'dist/webview/dump.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // The conversion form (src/extension/convertPanel.ts).
  { entryPoints: ['webview/convert/main.ts'], outfile: 'dist/webview/convert.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // The comparison results page (src/extension/compareResultsPanel.ts); it lays out its graph with the viewer's worker.
  { entryPoints: ['webview/compare/main.ts'], outfile: 'dist/webview/compare.js', platform: 'browser', format: 'iife', target: 'es2022', plugins: [workerSourcePlugin] },
];

const selected = only ? bundles.filter((b) => b.outfile === `dist/${only}.js`) : bundles;
if (selected.length === 0) {
  console.error(`build: no bundle named '${only}' (${bundles.map((b) => b.outfile.slice(5, -3)).join(', ')})`);
  process.exit(2);
}

function listTs(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) listTs(p, out);
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

// NPU_TEST_OUT lets several people (or helpers) compile tests side by side without wiping each other's out/.
const testOut = join(root, process.env.NPU_TEST_OUT || 'out');

async function buildTests() {
  rmSync(testOut, { recursive: true, force: true });
  const entryPoints = [...listTs(join(root, 'src')), ...listTs(join(root, 'test'))];
  await esbuild.build({
    entryPoints,
    outdir: testOut,
    outbase: root,
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  // Test fixtures that are plain files travel with the compiled tests.
  const fixtures = join(root, 'test', 'fixtures');
  if (existsSync(fixtures)) cpSync(fixtures, join(testOut, 'test', 'fixtures'), { recursive: true });
}

if (watch) {
  for (const b of selected) {
    const ctx = await esbuild.context({ ...common, ...b });
    await ctx.watch();
  }
  console.log('esbuild: watching');
} else {
  if (!args.has('--tests-only')) {
    mkdirSync(join(root, 'dist'), { recursive: true });
    await Promise.all(selected.map((b) => esbuild.build({ ...common, ...b })));
  }
  if (args.has('--tests') || args.has('--tests-only')) await buildTests();
}
