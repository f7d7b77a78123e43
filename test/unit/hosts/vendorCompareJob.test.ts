// A compare job end to end over a real sshd with the simulated SDK on the host: the om dumped with
// msame and compared with msaccucmp.py against a golden folder (or msit debug compare on a host
// that has it), a bmodel checked by bmrt_test against the compile's reference data, two .npz
// compared by npz_tool.py; the tool's output streamed; the result CSV, dumps, log and
// CompareResult brought back in one folder; Cancel stops the remote tools and leaves nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeNpy } from '../../../src/core/cut/npy';
import type { CompareResult } from '../../../src/core/compare/compareResult';
import { runVendorCompare } from '../../../src/core/compare/vendorCompareJob';
import { ArgumentsRejected } from '../../../src/core/convert/toolArgs';
import type { HostConfig } from '../../../src/core/hosts/hostsFile';
import { HostUnreachable } from '../../../src/core/hosts/hostUnreachable';
import { bmodelBytes, float32Data } from '../../simulators/bmodelFile';
import { simValues } from '../../simulators/simTensors';
import { writeGoldenFolder, writeSampleOm } from '../../support/compareSamples';
import { processAlive } from '../../support/processAlive';
import { startSshServer, type SshServer } from '../../support/sshServer';
import { tempDir } from '../../support/tempDir';
import { zipBytes } from '../../support/zipWriter';

let server: SshServer;
before(async () => (server = await startSshServer()));
after(() => server.stop());

const HOSTILE = `it's a $(touch pwned) ; 模型 dir`;

function host(kind: 'ascend' | 'sophon', setup = server.setup): HostConfig {
  const base = { name: `sim-${kind}`, ssh: 'simhost', sshConfig: server.sshConfig, setup, workdir: path.join(server.dir, 'work') };
  return kind === 'ascend' ? { ...base, kind, socVersion: 'Ascend310' } : { ...base, kind, target: 'BM1684' };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

/** No job folder stays on the host once a job is over. */
function jobsLeft(): string[] {
  const dir = path.join(server.dir, 'work', 'compare');
  return existsSync(dir) ? readdirSync(dir) : [];
}

test('om over SSH without msit: msame --dump, atc --mode=1, msaccucmp.py; the wrong layer found; everything back in one folder; hostile names quoted', async (t) => {
  const dir = path.join(tempDir(t, 'npu-vcmp-'), HOSTILE);
  mkdirSync(dir, { recursive: true });
  const om = `resnet 'tiny' $(cd;touch pwned).om`;
  writeSampleOm(path.join(dir, om));
  const golden = writeGoldenFolder(path.join(dir, `golden ${HOSTILE}`), ['res2a_branch2a']);
  let streamed = '';
  const outcome = await runVendorCompare({ offlineModel: path.join(dir, om), host: host('ascend'), golden, onStdout: (s) => (streamed += s), onStderr: (s) => (streamed += s) });
  assert.equal(outcome.verdict, 'success', `${outcome.message}\n${streamed}`);
  assert.equal(outcome.tool, 'msaccucmp');
  assert.ok(streamed.includes(`[INFO] load model model/${om} success`), streamed);
  assert.match(streamed, /The comparison result have been written to/);
  const folder = outcome.folder!;
  assert.equal(path.dirname(folder), dir);
  assert.match(path.basename(folder), /^compare-resnet 'tiny' \$\(cd;touch pwned\)-\d{8}-\d{6}$/);
  const files = filesUnder(folder);
  assert.ok(files.some((f) => /^result_\d{14}\.csv$/.test(f)), files.join('\n'));
  assert.ok(files.includes(`resnet 'tiny' $(cd;touch pwned).json`), files.join('\n'));
  assert.ok(files.includes('compare.log') && files.includes('compare.json') && files.includes('msame.log'));
  assert.equal(files.filter((f) => /^npu\/dump\/\d{14}\/0\/resnet_tiny\/1\/0\/\w+\.\w+\.\d+\.\d+$/.test(f)).length, 4);
  const result = JSON.parse(readFileSync(outcome.resultFile!, 'utf8')) as CompareResult;
  assert.deepEqual(result, outcome.result);
  assert.equal(result.firstBad, 'res2a_branch2a');
  assert.deepEqual(result.summary, { compared: 4, passed: 3, failed: 1 });
  assert.equal(outcome.csv, path.join(folder, files.find((f) => f.startsWith('result_'))!));
  // Nothing of the hostile names ran, and no job folder stays on the host.
  for (const where of [path.join(server.dir, 'work'), os.homedir(), dir]) assert.equal(existsSync(path.join(where, 'pwned')), false, where);
  assert.equal(filesUnder(path.join(server.dir, 'work')).some((f) => f.endsWith('pwned')), false);
  assert.deepEqual(jobsLeft(), []);
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('.')), []);
});

test('om on a host with msit and the original Caffe model: msit debug compare, its output tree and the analyser\'s verdict brought back', async (t) => {
  const dir = tempDir(t, 'npu-vcmp-');
  writeSampleOm(path.join(dir, 'resnet_tiny.om'));
  writeFileSync(path.join(dir, 'deploy.prototxt'), 'name: "resnet_tiny"\n');
  writeFileSync(path.join(dir, 'deploy.caffemodel'), '');
  const golden = writeGoldenFolder(path.join(dir, 'golden'), ['res2a']);
  const outcome = await runVendorCompare({
    offlineModel: path.join(dir, 'resnet_tiny.om'),
    host: host('ascend', server.debugCliSetup),
    golden,
    original: { model: path.join(dir, 'deploy.prototxt'), weights: path.join(dir, 'deploy.caffemodel') },
  });
  assert.equal(outcome.verdict, 'success', outcome.message);
  assert.equal(outcome.tool, 'msit');
  assert.match(outcome.command, /msit debug compare -gm model\/deploy\.prototxt -w model\/deploy\.caffemodel -om model\/resnet_tiny\.om -gp \S+\/golden\/[0-9a-f]{24} -o out$/);
  assert.equal(outcome.goldenUploaded, true);
  assert.match(outcome.analyser!, /^Operators may lead to inaccuracy:\n\| Monitor \| Value \| Index \| OpType \| NPUDump \| GroundTruth \|\n.*\n\| CosineSimilarity \| -?[\d.]+ \| 2 \| Add \| res2a \| res2a \|$/);
  assert.equal(readFileSync(path.join(outcome.folder!, 'analyser.txt'), 'utf8'), `${outcome.analyser}\n`);
  const files = filesUnder(outcome.folder!);
  const [ts] = files[0].split('/');
  assert.ok(files.includes(`${ts}/result_${ts}.csv`), files.join('\n'));
  assert.ok(files.includes(`${ts}/model/resnet_tiny.json`));
  assert.equal(outcome.result!.firstBad, 'res2a');
  // The same golden folder again: kept on the host, not sent again; a changed one is.
  const again = await runVendorCompare({ offlineModel: path.join(dir, 'resnet_tiny.om'), host: host('ascend', server.debugCliSetup), golden });
  assert.equal(again.verdict, 'success', again.message);
  assert.equal(again.tool, 'msaccucmp', 'without the original model msit is not used');
  assert.equal(again.goldenUploaded, false);
  assert.equal(again.result!.firstBad, 'res2a');
  writeGoldenFolder(golden, ['fc']);
  const changed = await runVendorCompare({ offlineModel: path.join(dir, 'resnet_tiny.om'), host: host('ascend'), golden });
  assert.equal(changed.goldenUploaded, true);
  assert.equal(changed.result!.firstBad, 'fc');
});

test('om on a host with ais_bench and no msame: the dump made with ais_bench --dump 1, compared by msaccucmp.py', async (t) => {
  const dir = tempDir(t, 'npu-vcmp-');
  writeSampleOm(path.join(dir, 'resnet_tiny.om'));
  const golden = writeGoldenFolder(path.join(dir, 'golden'), ['fc']);
  let streamed = '';
  const outcome = await runVendorCompare({ offlineModel: path.join(dir, 'resnet_tiny.om'), host: host('ascend', server.aisBenchSetup), golden, onStdout: (s) => (streamed += s) });
  assert.equal(outcome.verdict, 'success', outcome.message);
  assert.match(outcome.command, / python3 -m ais_bench --model model\/resnet_tiny\.om --output out\/npu --dump 1 /);
  assert.doesNotMatch(outcome.command, /msame/);
  assert.match(streamed, /^\[INFO\] -----------------Performance Summary------------------$/m);
  assert.equal(outcome.result!.firstBad, 'fc');
  assert.equal(filesUnder(outcome.folder!).filter((f) => f.startsWith('npu/dump/')).length, 4);
});

test('bmodel over SSH: bmrt_test against the compile\'s reference data, BMRT_SAVE_IO_TENSORS files back; a device that gets it wrong fails the output', async (t) => {
  const dir = tempDir(t, 'npu-vcmp-');
  const description = { chip: 'BM1684', net: 'tiny', inputs: [{ name: 'data', shape: [1, 3, 4, 4] }], outputs: [{ name: 'prob', shape: [1, 10] }, { name: 'feat', shape: [1, 8] }] };
  writeFileSync(path.join(dir, 'tiny.bmodel'), bmodelBytes(description));
  writeFileSync(path.join(dir, 'input_ref_data.dat'), float32Data(48, 0));
  writeFileSync(path.join(dir, 'output_ref_data.dat'), Buffer.concat([float32Data(10, 100), float32Data(8, 101)]));
  const good = await runVendorCompare({ offlineModel: path.join(dir, 'tiny.bmodel'), host: host('sophon') });
  assert.equal(good.verdict, 'success', good.message);
  assert.equal(good.tool, 'bmrt_test');
  assert.deepEqual(good.result!.rows.map((r) => [r.name, r.shape, r.dtype, r.pass]), [['prob', [1, 10], 'float32', true], ['feat', [1, 8], 'float32', true]]);
  const files = filesUnder(good.folder!);
  assert.deepEqual(files, ['compare.json', 'compare.log', 'input_ref_data.dat.bmrt', 'output_ref_data.dat.bmrt']);
  assert.equal(good.result!.rows[0].npuFile, path.join(good.folder!, 'output_ref_data.dat.bmrt'));
  assert.deepEqual(readFileSync(path.join(good.folder!, 'output_ref_data.dat.bmrt')), readFileSync(path.join(dir, 'output_ref_data.dat')));
  server.setSimEnv({ NPU_SIM_FAIL: 'cmp' });
  t.after(() => server.setSimEnv({}));
  const bad = await runVendorCompare({ offlineModel: path.join(dir, 'tiny.bmodel'), host: host('sophon') });
  assert.equal(bad.verdict, 'success', bad.message);
  assert.deepEqual(bad.result!.rows.map((r) => [r.name, r.pass]), [['prob', false]]);
  assert.deepEqual(bad.result!.unmatched, { npu: ['feat'], golden: [] });
  assert.equal(bad.result!.firstBad, 'prob');
  assert.notEqual(bad.folder, good.folder);
});

test('two .npz over SSH: npz_tool.py compare, its --save CSV back and read', async (t) => {
  const dir = tempDir(t, 'npu-vcmp-');
  writeFileSync(path.join(dir, 'tiny.bmodel'), bmodelBytes({ chip: 'BM1684X', net: 'tiny', inputs: [], outputs: [] }));
  const npy = (v: Float32Array) => encodeNpy('<f4', [v.length], new Uint8Array(v.buffer));
  writeFileSync(path.join(dir, 'tiny_tpu_outputs.npz'), zipBytes([{ name: 'conv.npy', data: npy(simValues('conv', 50)) }, { name: 'fc.npy', data: npy(simValues('other', 50)) }]));
  writeFileSync(path.join(dir, 'tiny_ref_outputs.npz'), zipBytes([{ name: 'conv.npy', data: npy(simValues('conv', 50)) }, { name: 'fc.npy', data: npy(simValues('fc', 50)) }]));
  const outcome = await runVendorCompare({ offlineModel: path.join(dir, 'tiny.bmodel'), host: host('sophon'), golden: path.join(dir, 'tiny_ref_outputs.npz'), target: path.join(dir, 'tiny_tpu_outputs.npz') });
  assert.equal(outcome.verdict, 'success', outcome.message);
  assert.equal(outcome.tool, 'npz_tool');
  assert.equal(outcome.csv, path.join(outcome.folder!, 'npz_compare.csv'));
  assert.deepEqual(outcome.result!.rows.map((r) => [r.name, r.pass]), [['conv', true], ['fc', false]]);
});

test('Cancel while msame runs: the remote tools stop, no result folder, no job folder on the host; a missing golden folder runs nothing', async (t) => {
  const dir = tempDir(t, 'npu-vcmp-');
  writeSampleOm(path.join(dir, 'resnet_tiny.om'));
  const golden = writeGoldenFolder(path.join(dir, 'golden'));
  const pids = path.join(server.dir, 'vcmp-cancel.pids');
  server.setSimEnv({ NPU_SIM_SECONDS: '600', NPU_SIM_PIDS: pids });
  t.after(() => server.setSimEnv({}));
  const controller = new AbortController();
  const outcome = await runVendorCompare({
    offlineModel: path.join(dir, 'resnet_tiny.om'),
    host: host('ascend'),
    golden,
    signal: controller.signal,
    onStdout: (s) => {
      if (/^working$/m.test(s)) controller.abort();
    },
  });
  assert.equal(outcome.verdict, 'cancelled');
  const started = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
  assert.equal(started.length, 2);
  for (const pid of started) assert.equal(processAlive(pid), false, `remote process ${pid} still runs`);
  assert.deepEqual(readdirSync(dir).sort(), ['golden', 'resnet_tiny.om']);
  assert.deepEqual(jobsLeft(), []);
  // Rejected before the host is reached, as conversion arguments are.
  await assert.rejects(runVendorCompare({ offlineModel: path.join(dir, 'resnet_tiny.om'), host: host('ascend'), golden: path.join(dir, 'nope') }), (e: unknown) => e instanceof ArgumentsRejected && /nope: no such folder$/.test(e.message));
  await assert.rejects(runVendorCompare({ offlineModel: path.join(dir, 'resnet_tiny.om'), host: host('sophon'), golden }), (e: unknown) => e instanceof ArgumentsRejected && /resnet_tiny\.om does not run on host sim-sophon \(a sophon host\)/.test(e.message));
});

test('a host without the tools, a tool that fails, a host that refuses: a clear failure or HostUnreachable, and no result folder', async (t) => {
  const dir = tempDir(t, 'npu-vcmp-');
  writeSampleOm(path.join(dir, 'resnet_tiny.om'));
  const golden = writeGoldenFolder(path.join(dir, 'golden'));
  const bare = await runVendorCompare({ offlineModel: path.join(dir, 'resnet_tiny.om'), host: { ...host('ascend'), setup: undefined }, golden });
  assert.equal(bare.verdict, 'failure');
  assert.equal(bare.message, 'host sim-ascend has neither msit, ait, msame nor ais_bench after the setup line');
  // A golden folder of files that are not dumps: msaccucmp finds nothing to compare with and the job says so.
  const notGolden = path.join(dir, 'not golden');
  mkdirSync(notGolden);
  writeFileSync(path.join(notGolden, 'readme.txt'), 'x');
  const empty = await runVendorCompare({ offlineModel: path.join(dir, 'resnet_tiny.om'), host: host('ascend'), golden: notGolden });
  assert.equal(empty.verdict, 'success', empty.message);
  assert.deepEqual(empty.result!.rows, []);
  assert.equal(empty.result!.unmatched.npu.length, 4);
  const bmodelDir = path.join(dir, 'bm');
  mkdirSync(bmodelDir);
  writeFileSync(path.join(bmodelDir, 'broken.bmodel'), 'not a bmodel');
  writeFileSync(path.join(bmodelDir, 'input_ref_data.dat'), '');
  writeFileSync(path.join(bmodelDir, 'output_ref_data.dat'), '');
  const broken = await runVendorCompare({ offlineModel: path.join(bmodelDir, 'broken.bmodel'), host: host('sophon') });
  assert.equal(broken.verdict, 'failure');
  assert.match(broken.message!, /Load bmodel\[\S*\/compilation\.bmodel\] failed$/);
  await assert.rejects(
    runVendorCompare({ offlineModel: path.join(dir, 'resnet_tiny.om'), host: { ...host('ascend'), ssh: 'simhost-refused' }, golden }),
    (e: unknown) => e instanceof HostUnreachable && e.reason === 'refused',
  );
  // Only the empty comparison's folder; nothing half-written.
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('compare-') || n.startsWith('.')), [path.basename(empty.folder!)]);
  assert.deepEqual(readdirSync(bmodelDir).filter((n) => n.startsWith('compare-') || n.startsWith('.')), []);
  assert.deepEqual(jobsLeft(), []);
});
