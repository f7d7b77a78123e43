// `npu-deploy` loads what the command needs and nothing else: `--help` no reader, `info` no
// writer (the sample models' writers belong to `samples`). Checked on the unbundled build, whose
// modules are the bundle's modules: every module a run loaded is in require.cache at its exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { sharedModel, ifFullCorpus } from '../../support/corpus';

const out = path.resolve(__dirname, '../../..');
const cli = path.join(out, 'src', 'cli', 'main.js');

/** The modules of out/src that `npu-deploy args` loaded, as paths below src/. */
function modulesLoaded(args: string[]): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-cli-trace-'));
  try {
    const tracer = path.join(dir, 'trace.js');
    const list = path.join(dir, 'modules.txt');
    writeFileSync(tracer, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, Object.keys(require.cache).join('\\n')));\n`);
    const r = spawnSync(process.execPath, ['--require', tracer, cli, ...args], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const src = path.join(out, 'src') + path.sep;
    return readFileSync(list, 'utf8').split('\n').filter((f) => f.startsWith(src)).map((f) => f.slice(src.length).split(path.sep).join('/'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const writers = /(^cli\/samplesCommand|^core\/samples\/|Writer)\.js$/;

test('--help loads the dispatcher only, no reader', () => {
  const loaded = modulesLoaded(['--help']);
  assert.ok(loaded.includes('cli/main.js'), loaded.join(' '));
  assert.deepEqual(loaded.filter((m) => m.startsWith('core/formats/') || m === 'cli/infoCommand.js'), []);
});

ifFullCorpus(test)('info loads the readers but no writer', () => {
  const loaded = modulesLoaded(['info', sharedModel('caffe', 'lenet_bvlc', 'lenet.prototxt')]);
  for (const m of ['cli/infoCommand.js', 'core/openModel.js', 'core/formats/caffe/prototxtReader.js']) assert.ok(loaded.includes(m), `${m} not loaded`);
  assert.deepEqual(loaded.filter((m) => writers.test(m)), []);
});

test('samples loads the writers (so the check above can fail)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-cli-samples-'));
  try {
    assert.ok(modulesLoaded(['samples', dir]).filter((m) => writers.test(m)).length >= 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
