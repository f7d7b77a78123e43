// The comparison tools' simulators answer as ../shared/toolchains.md says the real ones do: atc
// --mode=1 writes the fusion rule, msame --dump the dump tree of §7.4, msaccucmp.py compare the
// result_{YYYYmmddHHMMSS}.csv of §7.3 with its log lines and exit codes, msit debug compare its
// output tree and analyser verdict (§8.2), npz_tool.py compare its lines, summary and --save CSV
// (§5.4). The numbers in the CSVs are checked against values computed here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { encodeNpy } from '../../../src/core/cut/npy';
import { parseVendorCsv } from '../../../src/core/compare/vendorCsv';
import { simValues } from '../../simulators/simTensors';
import { writeGoldenFolder, writeSampleOm } from '../../support/compareSamples';
import { MSACCUCMP_PATH, writeSimulatedSdk, type SimulatedSdk } from '../../support/simulatedSdk';
import { tempDir } from '../../support/tempDir';
import { zipBytes } from '../../support/zipWriter';

let sdk: SimulatedSdk;
let sdkDir: string;
before(() => {
  sdkDir = mkdtempSync(path.join(tmpdir(), 'npu-sdk-'));
  sdk = writeSimulatedSdk(sdkDir);
});
after(() => rmSync(sdkDir, { recursive: true, force: true }));

function tool(cwd: string, line: string, env: Record<string, string> = {}, setup = sdk.setup) {
  const r = spawnSync('bash', ['-c', `${setup}\n${line}`], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/** Cosine of a tensor against itself with every other element negated, in float64 here. */
function halfNegatedCosine(values: Float32Array): number {
  let dot = 0;
  let norm = 0;
  values.forEach((v, i) => {
    dot += i % 2 === 0 ? -v * v : v * v;
    norm += v * v;
  });
  return dot / norm;
}

test('atc --mode=1, msame --dump, msaccucmp.py compare: the dump tree, the fusion rule and a result CSV whose numbers hold', (t) => {
  const dir = tempDir(t, 'npu-cmpsim-');
  writeSampleOm(path.join(dir, 'resnet_tiny.om'));
  writeGoldenFolder(path.join(dir, 'golden'));
  const atc = tool(dir, 'atc --mode=1 --om=resnet_tiny.om --json=resnet_tiny.json');
  assert.equal(atc.status, 0, atc.stdout);
  const rule = JSON.parse(readFileSync(path.join(dir, 'resnet_tiny.json'), 'utf8')) as { graph: { op: { name: string; attr: { value: { list: { s: string[] } } }[] }[] }[] };
  assert.deepEqual(rule.graph[0].op[0].attr[0].value.list.s, ['conv1', 'conv1_relu']);
  const msame = tool(dir, 'msame --model resnet_tiny.om --output out --dump true', { NPU_SIM_PERTURB: 'res2a_branch2a' });
  assert.equal(msame.status, 0, msame.stdout);
  const dumps = filesUnder(path.join(dir, 'out', 'dump'));
  assert.equal(dumps.length, 4);
  for (const f of dumps) assert.match(f, /^\d{14}\/0\/resnet_tiny\/1\/0\/[A-Za-z0-9]+\.[A-Za-z0-9_]+\.\d+\.\d+$/);
  const npuDir = path.join(dir, 'out', 'dump', path.dirname(dumps[0]));
  const cmp = tool(dir, `python3 "$ASCEND_TOOLKIT_HOME/${MSACCUCMP_PATH}" compare -m ${JSON.stringify(npuDir)} -g golden -f resnet_tiny.json -out result`);
  assert.equal(cmp.status, 0, cmp.stdout + cmp.stderr);
  assert.match(cmp.stdout, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(\d+\) - \[INFO\] \[res2a\] Start to compare op "res2a"\.$/m);
  assert.match(cmp.stdout, /- \[INFO\] The command was completed and took \d+ seconds\.\n$/);
  const [csvName] = readdirSync(path.join(dir, 'result'));
  assert.match(csvName, /^result_\d{14}\.csv$/);
  const text = readFileSync(path.join(dir, 'result', csvName), 'utf8');
  assert.equal(text.split('\n')[0], 'Index,OpType,NPUDump,DataType,Address,GroundTruth,DataType,TensorIndex,Shape,CosineSimilarity,MaxAbsoluteError,AccumulatedRelativeError,RelativeEuclideanDistance,KullbackLeiblerDivergence,StandardDeviation,MeanAbsoluteError,RootMeanSquareError,MaxRelativeError,MeanRelativeError,CompareFailReason');
  const result = parseVendorCsv(text, csvName);
  assert.deepEqual(result.rows.map((r) => r.name), ['conv1_relu', 'res2a_branch2a', 'res2a', 'fc']);
  assert.deepEqual(result.rows.map((r) => r.dtype), ['float16', 'float16', 'float16', 'float16']);
  assert.equal(result.firstBad, 'res2a_branch2a');
  const expected = halfNegatedCosine(simValues('res2a_branch2a', 64));
  assert.ok(Math.abs(result.rows[1].cosine! - expected) < 1e-3, `cosine ${result.rows[1].cosine} vs ${expected}`);
  // The others differ from the golden numbers by float16 rounding only.
  for (const i of [0, 2, 3]) assert.ok(result.rows[i].cosine! > 0.99999 && result.rows[i].maxAbsError! < 1e-3);
});

test('msaccucmp.py: missing -g is argparse\'s error (exit 2); a dump path that is not there exits 3; no dump file exits 2', (t) => {
  const dir = tempDir(t, 'npu-cmpsim-');
  const script = `python3 "$ASCEND_TOOLKIT_HOME/${MSACCUCMP_PATH}"`;
  const missing = tool(dir, `${script} compare -m x`);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /error: the following arguments are required: -g\/--golden_dump_path$/m);
  const nowhere = tool(dir, `${script} compare -m nowhere -g nowhere`);
  assert.equal(nowhere.status, 3);
  assert.match(nowhere.stdout, /- \[ERROR\] The path "nowhere" does not exist\.$/m);
  const empty = tool(dir, `mkdir e && ${script} compare -m e -g e`);
  assert.equal(empty.status, 2);
  const range = tool(dir, `${script} compare -m e -g e -r 1,-1,1`);
  assert.equal(range.status, 6);
});

test('msit debug compare: the output tree of §8.2 and the analyser naming the op that goes wrong; ait the same; a clean run says none', (t) => {
  const dir = tempDir(t, 'npu-cmpsim-');
  writeSampleOm(path.join(dir, 'resnet_tiny.om'));
  writeFileSync(path.join(dir, 'deploy.prototxt'), 'name: "resnet_tiny"\n');
  writeFileSync(path.join(dir, 'deploy.caffemodel'), '');
  writeGoldenFolder(path.join(dir, 'golden'), ['res2a']);
  assert.equal(tool(dir, 'command -v msit').status, 1, 'msit is only on a host that has it');
  const bad = tool(dir, 'msit debug compare -gm deploy.prototxt -w deploy.caffemodel -om resnet_tiny.om -gp golden -o out', {}, sdk.debugCliSetup);
  assert.equal(bad.status, 0, bad.stdout + bad.stderr);
  const [ts] = readdirSync(path.join(dir, 'out'));
  const files = filesUnder(path.join(dir, 'out', ts));
  assert.ok(files.includes(`result_${ts}.csv`), files.join('\n'));
  assert.ok(files.includes('model/resnet_tiny.json'));
  assert.equal(files.filter((f) => f.startsWith(`dump_data/npu/${ts}/0/resnet_tiny/1/0/`)).length, 4);
  assert.match(bad.stdout, /^\[INFO\] b'\d{4}-\d\d-\d\d [\d:]+ \(\d+\) - \[INFO\] The comparison result have been written to/m);
  assert.match(bad.stdout, /^\[INFO\] Analyser call parameter strategy=FIRST_INVALID_OVERALL, max_column_len=30$/m);
  assert.match(bad.stdout, /^\| CosineSimilarity \| -?[\d.]+ \| 2 \| Add \| res2a \| res2a \|$/m);
  const clean = tool(dir, 'rm -rf golden && ait debug compare -gm deploy.prototxt -w deploy.caffemodel -om resnet_tiny.om -o out2', {}, sdk.debugCliSetup);
  assert.equal(clean.status, 0, clean.stdout + clean.stderr);
  assert.match(clean.stdout, /^\[INFO\] None operator with accuracy issue reported$/m);
  const [ts2] = readdirSync(path.join(dir, 'out2'));
  assert.equal(filesUnder(path.join(dir, 'out2', ts2, 'dump_data', 'caffe')).length, 5);
  const noWeight = tool(dir, 'msit debug compare -gm deploy.prototxt -om resnet_tiny.om', {}, sdk.debugCliSetup);
  assert.equal(noWeight.status, 1);
});

test('npz_tool.py compare: SIMILAR and NOT_SIMLIAR lines, the summary, the --save CSV read back, exit 255 on failure', (t) => {
  const dir = tempDir(t, 'npu-cmpsim-');
  const npy = (values: Float32Array) => encodeNpy('<f4', [values.length], new Uint8Array(values.buffer));
  const a = simValues('a', 100);
  const b = simValues('b', 100);
  const nearA = a.map((v, i) => v + (i % 3 === 0 ? 0.01 : 0));
  writeFileSync(path.join(dir, 'target.npz'), zipBytes([{ name: 'a.npy', data: npy(nearA) }, { name: 'b.npy', data: npy(b), deflate: true }, { name: 'same.npy', data: npy(a) }]));
  writeFileSync(path.join(dir, 'ref.npz'), zipBytes([{ name: 'a.npy', data: npy(a) }, { name: 'b.npy', data: npy(a) }, { name: 'same.npy', data: npy(a) }]));
  const r = tool(dir, 'npz_tool.py compare target.npz ref.npz --tolerance 0.99,0.9 -v --save cmp.csv');
  assert.equal(r.status, 255, r.stdout + r.stderr);
  assert.match(r.stdout, /^\[a {31}\] {6}SIMILAR \[PASSED\]$/m);
  assert.match(r.stdout, /^\[b {31}\] {2}NOT_SIMLIAR \[FAILED\]$/m);
  assert.match(r.stdout, /^\[same {28}\] {8}EQUAL \[PASSED\]$/m);
  assert.match(r.stdout, /^3 compared\n2 passed\n {2}1 equal, 0 close, 1 similar\n1 failed\n/m);
  assert.match(r.stdout, /npz compare FAILED\.\n$/);
  const result = parseVendorCsv(readFileSync(path.join(dir, 'cmp.csv'), 'utf8'), 'cmp.csv');
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < 100; i++) {
    dot += nearA[i] * a[i];
    na += nearA[i] ** 2;
    nb += a[i] ** 2;
  }
  assert.ok(Math.abs(result.rows[0].cosine! - dot / Math.sqrt(na * nb)) < 1e-6);
  assert.deepEqual(result.rows.map((row) => [row.name, row.pass, row.extra?.verdict]), [['a', true, 'SIMILAR'], ['b', false, 'NOT_SIMILAR'], ['same', true, undefined]]);
  const ok = tool(dir, 'npz_tool.py compare ref.npz ref.npz');
  assert.equal(ok.status, 0);
  assert.match(ok.stdout, /npz compare PASSED\.\n$/);
});
