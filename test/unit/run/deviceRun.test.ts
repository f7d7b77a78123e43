// A converted model run on the device, on this machine with the simulated SDK (bmrt_test and
// msame as ../shared/toolchains.md §2 and §9 describe them): a real conversion first, so the
// bmodel and its reference data are what bmpaddle's simulator wrote; then bmrt_test compares
// the device's outputs with them (pass, and fail with the output and index it names), and msame
// times an .om. Figures in the summaries are computed here from the simulators' printed times.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runConversion } from '../../../src/core/convert/conversionJob';
import type { HostConfig } from '../../../src/core/hosts/hostsFile';
import { DeviceRunRefused, runOnDevice } from '../../../src/core/run/deviceRun';
import { writePaddleSample } from '../../../src/core/samples/paddleSample';
import { writeSimulatedSdk } from '../../support/simulatedSdk';
import { tempDir } from '../../support/tempDir';

function sophonHost(dir: string): { host: HostConfig; sdk: ReturnType<typeof writeSimulatedSdk> } {
  const sdk = writeSimulatedSdk(path.join(dir, 'sdk'));
  return { sdk, host: { name: 'local bm', kind: 'sophon', target: 'BM1684', setup: sdk.setup, workdir: path.join(dir, 'work') } };
}

async function convertedBmodel(dir: string, host: HostConfig): Promise<string> {
  const model = path.join(dir, 'model');
  mkdirSync(model);
  await writePaddleSample(model);
  const out = path.join(dir, 'out');
  mkdirSync(out);
  const r = await runConversion({ model, host, toolArgs: [], outDir: out });
  assert.equal(r.verdict, 'success');
  return path.join(out, 'compilation.bmodel');
}

describe('run on the device', () => {
  it('compares a bmodel with the compile\'s reference data and brings the device\'s tensors back', async (t) => {
    const dir = tempDir(t);
    const { host } = sophonHost(dir);
    const bmodel = await convertedBmodel(dir, host);
    // Renamed as users do: bmrt_test still finds it as compilation.bmodel in its context folder.
    const renamed = path.join(path.dirname(bmodel), 'classifier_1684.bmodel');
    copyFileSync(bmodel, renamed);
    let log = '';
    const r = await runOnDevice({ file: renamed, host, onOutput: (s) => (log += s) });
    assert.equal(r.verdict, 'success', log);
    assert.equal(r.compared, true);
    assert.match(r.command, /^cd .* && BMRT_SAVE_IO_TENSORS=1 bmrt_test --context_dir=/);
    // The simulator prints "launch total time is 4521 us (npu 4368 us, …)".
    assert.equal(r.summary, `${(1e6 / 4521).toFixed(1)} inferences/s, 4.52 ms (npu 4.37 ms) · compare passed`);
    assert.deepEqual(r.outputs.map((f) => path.basename(f)).sort(), ['input_ref_data.dat.bmrt', 'output_ref_data.dat.bmrt']);
    // The device's outputs are the reference the compile wrote (the simulator's compare passed on equal bytes).
    assert.deepEqual(readFileSync(path.join(path.dirname(bmodel), 'output_ref_data.dat.bmrt')), readFileSync(path.join(path.dirname(bmodel), 'output_ref_data.dat')));
  });

  it('says which output failed the compare, and at which index', async (t) => {
    const dir = tempDir(t);
    const { host, sdk } = sophonHost(dir);
    const bmodel = await convertedBmodel(dir, host);
    sdk.setSimEnv({ NPU_SIM_FAIL: 'cmp' });
    const r = await runOnDevice({ file: bmodel, host });
    assert.equal(r.verdict, 'failure');
    assert.equal(r.bmrt?.failedOutputs[0], 0);
    // bmrt_test prints both as float32 with %.20f: the reference 0.21, and the simulated device's 0.21 × 0.9 − 0.01.
    assert.match(r.summary, /compare failed: output #0 at index 3, expected 0\.20999999344348907471, got 0\.17899999022483825684/);
  });

  it('only times a bmodel without reference data beside it', async (t) => {
    const dir = tempDir(t);
    const { host } = sophonHost(dir);
    const bmodel = await convertedBmodel(dir, host);
    const alone = path.join(dir, 'alone');
    mkdirSync(alone);
    copyFileSync(bmodel, path.join(alone, 'net.bmodel'));
    const r = await runOnDevice({ file: path.join(alone, 'net.bmodel'), host });
    assert.equal(r.verdict, 'success');
    assert.equal(r.compared, false);
    assert.match(r.command, /bmrt_test --bmodel=.*\/compilation\.bmodel$/);
    assert.match(r.summary, /not compared/);
  });

  it('times an .om with msame on an Ascend host, and refuses what does not fit the host', async (t) => {
    const dir = tempDir(t);
    const sdk = writeSimulatedSdk(path.join(dir, 'sdk'));
    const host: HostConfig = { name: 'a', kind: 'ascend', socVersion: 'Ascend310', setup: sdk.setup, workdir: path.join(dir, 'work') };
    const om = path.join(dir, 'net.om');
    writeFileSync(om, Buffer.from('IMOD fake om'));
    const r = await runOnDevice({ file: om, host, loops: 4 });
    assert.equal(r.verdict, 'success', r.summary);
    // The simulator takes 7.5 ms on the first loop and 4.5 ms after.
    const times = [7.5, 4.5, 4.5, 4.5];
    assert.deepEqual(r.msame?.inferenceMillis, times);
    const rest = times.slice(1).reduce((a, b) => a + b) / 3;
    assert.ok(r.summary.startsWith(`${(1000 / rest).toFixed(1)} inferences/s`), r.summary);
    await assert.rejects(runOnDevice({ file: path.join(dir, 'x.bmodel'), host }), DeviceRunRefused);
    await assert.rejects(runOnDevice({ file: path.join(dir, 'model.onnx'), host }), DeviceRunRefused);
    assert.equal(existsSync(path.join(dir, 'x.bmodel')), false);
  });
});
