// `npu-deploy convert` on a Paddle 3 PIR program: bmpaddle (the Sophon default) and ATC cannot
// read it, so the job is refused before any host is contacted (the hosts here cannot be
// reached, so a job that got that far would exit 3), with exit 1 and the routes on stderr: the
// re-export with FLAGS_enable_pir_api=0, or paddle2onnx then bmneto; for Ascend, ONNX then ATC
// --framework=5. A legacy model given to the same unreachable host does get that far.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { writePirModel } from '../../../src/core/formats/paddle/pirWriter';
import { writePaddleSample } from '../../../src/core/samples/paddleSample';
import { smallPirModel } from '../../support/pirModels';
import { runCli } from '../../support/runCli';
import { tempDir } from '../../support/tempDir';

function hostsFile(dir: string): string {
  const file = path.join(dir, 'hosts.json');
  const unreachable = { ssh: 'nobody@npu-deploy-test.invalid', workdir: '/tmp/npu-deploy-test' };
  writeFileSync(file, JSON.stringify({ hosts: [
    { name: 'bm', kind: 'sophon', target: 'BM1684', ...unreachable },
    { name: 'ascend', kind: 'ascend', socVersion: 'Ascend310', ...unreachable },
  ] }));
  return file;
}

async function pirModel(dir: string): Promise<string> {
  const folder = path.join(dir, 'pir');
  mkdirSync(folder);
  const { builder, tensors } = smallPirModel();
  await writePirModel(path.join(folder, 'inference'), builder, tensors);
  return folder;
}

const ROUTES = [/PIR program/, /FLAGS_enable_pir_api=0/, /paddle2onnx/, /bmneto/, /ATC with --framework=5/];

for (const [label, model] of [['the folder', (f: string) => f], ['inference.json', (f: string) => path.join(f, 'inference.json')]] as const) {
  test(`convert of a PIR program (${label}) for Sophon: exit 1 with both routes on one line, nothing written`, async (t) => {
    const dir = tempDir(t, 'npu-convert-pir-');
    const folder = await pirModel(dir);
    const before = readdirSync(folder).sort();
    const r = await runCli(['convert', model(folder), '--host', 'bm', '--hosts', hostsFile(dir)]);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^npu-deploy convert: bmpaddle cannot read/);
    for (const route of ROUTES) assert.match(r.stderr, route);
    assert.deepEqual(readdirSync(folder).sort(), before);
  });
}

test('convert of a PIR program on an Ascend host: ATC is refused with the same routes', async (t) => {
  const dir = tempDir(t, 'npu-convert-pir-');
  const r = await runCli(['convert', await pirModel(dir), '--host', 'ascend', '--hosts', hostsFile(dir)]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /^npu-deploy convert: atc cannot read/);
  for (const route of ROUTES) assert.match(r.stderr, route);
});

test('a legacy Paddle model to the same host is not refused: it gets as far as the unreachable host (exit 3)', async (t) => {
  const dir = tempDir(t, 'npu-convert-pir-');
  const folder = path.join(dir, 'legacy');
  mkdirSync(folder);
  await writePaddleSample(folder);
  const r = await runCli(['convert', folder, '--host', 'bm', '--hosts', hostsFile(dir)]);
  assert.equal(r.status, 3, r.stderr);
  assert.doesNotMatch(r.stderr, /PIR/);
});
