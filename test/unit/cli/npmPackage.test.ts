// `npm pack` makes a package whose `npu-deploy` works once installed: packed from a copy of the
// sources (prepack builds the CLI there, so the repository's dist/ is not touched), installed
// globally into a temporary prefix with --offline (the bundle needs no dependency), then run
// through the bin link npm made, as a user runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../support/paths';
import { sharedModel, ifFullCorpus } from '../../support/corpus';

/** What prepack's build needs; package.json, .npmignore, README and LICENSE are what npm reads. */
const copied = ['package.json', '.npmignore', 'README.md', 'LICENSE', 'tsconfig.base.json', 'scripts', 'src'];

// npm's own settings of an outer `npm test` (npm_config_prefix and the like) must not leak into the install.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
// The bin's `#!/usr/bin/env node` finds the node that runs these tests.
env.PATH = `${path.dirname(process.execPath)}${path.delimiter}${env.PATH ?? ''}`;

function npm(args: string[], cwd: string) {
  const r = spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 180_000 });
  assert.equal(r.status, 0, `npm ${args.join(' ')} failed (${r.error ?? r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

ifFullCorpus(test)('npm pack, npm install -g, then npu-deploy info from the prefix\'s bin', { timeout: 5 * 60_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-npm-pack-'));
  try {
    const stage = path.join(dir, 'stage');
    for (const name of copied) cpSync(path.join(repoRoot, name), path.join(stage, name), { recursive: true });
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(stage, 'node_modules'), 'dir');

    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], stage)) as { filename: string; files: { path: string; mode: number }[] }[];
    // The CLI and npm's fixed companions; no sources, no tests, no other bundle.
    assert.deepEqual(packed.files.map((f) => f.path).sort(), ['LICENSE', 'README.md', 'dist/cli.js', 'package.json']);

    const prefix = path.join(dir, 'prefix');
    npm(['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', path.join(dir, packed.filename)], dir);
    const installed = path.join(prefix, 'lib', 'node_modules', 'npu-deploy');
    assert.ok(existsSync(path.join(installed, 'dist', 'cli.js')));
    assert.equal(existsSync(path.join(installed, 'node_modules')), false, 'the package installed dependencies');

    const bin = path.join(prefix, 'bin', 'npu-deploy');
    const r = spawnSync(bin, ['info', sharedModel('caffe', 'cifar10_quick_2014', 'cifar10_quick_iter_5000.caffemodel'), '--json'], { env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, `${bin} exited ${r.status ?? r.error}: ${r.stderr}`);
    const info = JSON.parse(r.stdout) as { framework: string; format: string; nodeCount: number; params: string[] };
    assert.deepEqual([info.framework, info.format, info.params], ['caffe', 'caffemodel', ['conv1', 'conv2', 'conv3', 'ip1', 'ip2']]);

    const bad = spawnSync(bin, ['info', path.join(dir, 'missing.prototxt')], { env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(bad.status, 1);
    assert.ok(bad.stderr.startsWith(path.join(dir, 'missing.prototxt')), bad.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
