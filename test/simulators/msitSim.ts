// `msit debug compare` / `ait debug compare` (toolchains.md §8.2): runs the om on the (simulated)
// device with dumping on, takes the golden dump from `--golden-path` (or makes one from the
// golden model), writes the fusion rule under model/, compares as msaccucmp does (its log lines
// relayed as `[INFO] b'…'`) into `{output}/{timestamp}/result_{timestamp}.csv`, and ends with the
// analyser's verdict: `None operator with accuracy issue reported` or a table of suspects.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { encodeNpy } from '../../src/core/cut/npy';
import { CompareFailure, compareDumps, relayMsLog, stamp } from './msaccucmpSim';
import { deviceValues, writeOmDump } from './omDump';
import { fusionRuleJson, readOm } from './omFile';
import { elementCount, goldenNpyName, simValues } from './simTensors';

const VALUED: Record<string, string> = {
  '-gm': 'golden-model', '--golden-model': 'golden-model', '-om': 'om-model', '--om-model': 'om-model', '-w': 'weight', '--weight': 'weight',
  '-i': 'input', '--input': 'input', '-c': 'cann-path', '--cann-path': 'cann-path', '-o': 'output', '--output': 'output', '-is': 'input-shape', '--input-shape': 'input-shape',
  '-d': 'device', '--device': 'device', '-n': 'output-nodes', '--output-nodes': 'output-nodes', '--dump': 'dump', '-gp': 'golden-path', '--golden-path': 'golden-path', '-mp': 'my-path', '--my-path': 'my-path',
};
const FLAGS = new Set(['--advisor', '--locat', '--convert']);

export async function runMsit(cli: string, args: string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const usage = `usage: ${cli} debug compare [-h] -gm GOLDEN_MODEL -om OM_MODEL [-w WEIGHT_PATH] [-i INPUT_PATH] [-o OUT_PATH] ...`;
  if (args[0] !== 'debug' || args[1] !== 'compare') {
    process.stderr.write(`usage: ${cli} [-h] {debug,benchmark,...} ...\n${cli}: error: argument: invalid choice: '${args.slice(0, 2).join(' ')}'\n`);
    return 2;
  }
  const values = new Map<string, string>();
  const rest = args.slice(2);
  for (let i = 0; i < rest.length; i++) {
    if (FLAGS.has(rest[i])) continue;
    const key = VALUED[rest[i]];
    if (!key || i + 1 >= rest.length) {
      process.stderr.write(`${usage}\n${cli} debug compare: error: unrecognized arguments: ${rest[i]}\n`);
      return 2;
    }
    values.set(key, rest[++i]);
  }
  const missing = [['golden-model', '-gm/--golden-model'], ['om-model', '-om/--om-model']].filter(([k]) => !values.has(k)).map(([, n]) => n);
  if (missing.length > 0) {
    process.stderr.write(`${usage}\n${cli} debug compare: error: the following arguments are required: ${missing.join(', ')}\n`);
    return 2;
  }
  const gm = values.get('golden-model')!;
  const om = values.get('om-model')!;
  if (gm.endsWith('.prototxt') && !values.has('weight')) {
    out('[ERROR] The weight (-w) of a Caffe prototxt golden model is required.');
    return 1;
  }
  for (const file of [gm, om, ...(values.has('weight') ? [values.get('weight')!] : [])]) {
    if (!existsSync(file)) {
      out(`[ERROR] The file path ${file} does not exist.`);
      return 1;
    }
  }
  const description = readOm(readFileSync(om));
  if (!description) {
    out(`[ERROR] Failed to load the om model ${om}.`);
    return 1;
  }
  const ts = stamp();
  const root = path.join(values.get('output') ?? process.cwd(), ts);
  const omName = path.basename(om).replace(/\.om$/, '');
  out(`[INFO] Start to run the om model ${om} with dump on.`);
  const npuDir = path.join(root, 'dump_data', 'npu', ts, '0', omName, '1', '0');
  writeOmDump(description, npuDir);
  const last = description.ops[description.ops.length - 1];
  const finalOutput = deviceValues(last.originals[last.originals.length - 1], elementCount(last.shape));
  writeFileSync(path.join(root, 'dump_data', 'npu', ts, 'output_0.bin'), Buffer.from(finalOutput.buffer));
  writeFileSync(path.join(root, 'dump_data', 'npu', `${ts}_summary.json`), JSON.stringify({ NPU_compute_time: { mean: 4.5 }, throughput: 222.2 }));
  let goldenDir = values.get('golden-path');
  if (!goldenDir) {
    const framework = gm.endsWith('.prototxt') ? 'caffe' : gm.endsWith('.onnx') ? 'onnx' : 'tf';
    goldenDir = path.join(root, 'dump_data', framework);
    mkdirSync(goldenDir, { recursive: true });
    out(`[INFO] Start to dump the golden model ${gm}.`);
    // The framework dumps every layer, fused away on the NPU or not.
    for (const op of description.ops) {
      for (const layer of op.originals) {
        const values32 = simValues(layer, elementCount(op.shape));
        writeFileSync(path.join(goldenDir, goldenNpyName(layer)), encodeNpy('<f4', op.shape, new Uint8Array(values32.buffer)));
      }
    }
  }
  mkdirSync(path.join(root, 'model'), { recursive: true });
  const fusion = path.join(root, 'model', `${omName}.json`);
  writeFileSync(fusion, fusionRuleJson(description));
  relayMsLog((line) => out(`[INFO] b'${line}'`));
  let run: Awaited<ReturnType<typeof compareDumps>>;
  try {
    // One timestamp names the output folder and the result CSV in it (a second may pass between).
    run = await compareDumps(npuDir, goldenDir, fusion, root, ts);
  } catch (e) {
    if (!(e instanceof CompareFailure)) throw e;
    out(`[ERROR] b'${e.message}'`);
    return 1;
  }
  out(`[INFO] Analyser init parameter csv_path=${run.csv}`);
  out('[INFO] Analyser call parameter strategy=FIRST_INVALID_OVERALL, max_column_len=30');
  const bad = run.rows.find((r) => !r.pass);
  if (!bad) out('[INFO] None operator with accuracy issue reported');
  else {
    const index = run.rows.indexOf(bad);
    out('[INFO] Operators may lead to inaccuracy:');
    out('');
    out('| Monitor | Value | Index | OpType | NPUDump | GroundTruth |');
    out('|:-------:|:-----:|:-----:|:------:|:-------:|:-----------:|');
    out(`| CosineSimilarity | ${bad.cosine.toFixed(6)} | ${index} | ${description.ops.find((o) => o.name === bad.npuOp)?.type ?? ''} | ${bad.npuOp} | ${bad.groundTruth.join(',')} |`);
  }
  return 0;
}
