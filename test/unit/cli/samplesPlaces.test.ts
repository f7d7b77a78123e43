// `npu-deploy samples DIR` where DIR cannot take files: exit 1 with one line, never a stack, and
// never a hang (Node's recursive mkdir loops forever under /proc).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const cli = path.resolve(__dirname, '../../../src/cli/main.js');
const run = (dir: string) => spawnSync(process.execPath, [cli, 'samples', dir], { encoding: 'utf8', timeout: 30_000 });

test('samples into /proc, under a file, or into a new folder', (t) => {
  const proc = run('/proc/npu-deploy-samples');
  assert.equal(proc.status, 1, `${proc.status} ${proc.error ?? ''} ${proc.stderr}`);
  assert.equal(proc.stderr, '/proc/npu-deploy-samples: cannot write the samples here (ENOENT)\n');

  const dir = mkdtempSync(path.join(tmpdir(), 'npu-samples-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'a-file');
  writeFileSync(file, 'x');
  const under = run(path.join(file, 'samples'));
  assert.equal(under.status, 1);
  assert.match(under.stderr, /^.*a-file\/samples\/caffe-lenet: cannot write the samples here \(ENOTDIR\)\n$/);

  const fresh = run(path.join(dir, 'new', 'deeper'));
  assert.equal(fresh.status, 0, fresh.stderr);
  assert.ok(existsSync(path.join(dir, 'new', 'deeper', 'caffe-lenet')));
});
