// msaccucmp.py (toolchains.md §7): `compare -m <npu dump dir> -g <golden npy dir> [-f fusion.json]
// [-out dir]` reads the NPU dump files (binary version 2 or protobuf version 1) and the golden
// .npy files for real, computes the metrics in float64, and writes `result_{YYYYmmddHHMMSS}.csv`
// with the header of §7.3, logging `%Y-%m-%d %H:%M:%S (<pid>) - [LEVEL] <message>` lines and
// exiting with CompareError codes (6 bad argument, 3 bad path, 2 no dump file, 13 bad JSON).
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { npyAsFloat32, readNpy } from '../../src/core/cut/npy';
import { npuDtypeDescr, readNpuDump, readNpuDumpTensor } from '../../src/core/cut/npuDump';
import { nodeFileAccess } from '../../src/core/io/nodeFileAccess';
import { fusionRuleMap } from './omFile';

const NPU_DUMP = /^[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\.[0-9]+(\.[0-9]+)?\.[0-9]{1,255}$/;
const GOLDEN_NPY = /^([.A-Za-z0-9_-]+)\.([0-9]+)\.[0-9]{1,255}\.npy$/;

export const MSACCUCMP_CSV_HEADER =
  'Index,OpType,NPUDump,DataType,Address,GroundTruth,DataType,TensorIndex,Shape,CosineSimilarity,MaxAbsoluteError,AccumulatedRelativeError,RelativeEuclideanDistance,KullbackLeiblerDivergence,StandardDeviation,MeanAbsoluteError,RootMeanSquareError,MaxRelativeError,MeanRelativeError,CompareFailReason';

const DT_NAMES: Record<number, string> = { 1: 'DT_FLOAT', 2: 'DT_FLOAT16', 3: 'DT_INT8', 4: 'DT_UINT8', 7: 'DT_INT32', 8: 'DT_INT64' };

let logSink: (line: string) => void = (line) => process.stdout.write(`${line}\n`);

/** Where msLog's lines go: msit relays msaccucmp's lines wrapped in its own. */
export function relayMsLog(sink: (line: string) => void): void {
  logSink = sink;
}

/** `2023-05-31 05:56:20 (2749324) - [INFO] text`, to stdout. */
export function msLog(level: 'INFO' | 'WARNING' | 'ERROR', text: string): void {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  logSink(`${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} (${process.pid}) - [${level}] ${text}`);
}

/** `YYYYmmddHHMMSS`, the stamp in result and dump folder names. */
export function stamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

class CompareFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

interface Metrics {
  cosine: number;
  maxAbs: number;
  accumulatedRel: number;
  relEuclid: number;
  kl: number | undefined;
  std: string;
  meanAbs: number;
  rmse: number;
  maxRel: number;
  meanRel: number;
}

function metricsOf(npu: Float32Array, golden: Float32Array): Metrics {
  let dot = 0, nn = 0, gg = 0, maxAbs = 0, sumAbs = 0, sumSq = 0, maxRel = 0, sumRel = 0, sumG = 0, sumN = 0;
  let negative = false;
  for (let i = 0; i < golden.length; i++) {
    const a = npu[i];
    const b = golden[i];
    const d = Math.abs(a - b);
    dot += a * b;
    nn += a * a;
    gg += b * b;
    maxAbs = Math.max(maxAbs, d);
    sumAbs += d;
    sumSq += d * d;
    const rel = d / Math.max(Math.abs(b), 1e-10);
    maxRel = Math.max(maxRel, rel);
    sumRel += rel;
    sumG += b;
    sumN += a;
    if (a < 0 || b < 0) negative = true;
  }
  const n = golden.length;
  let kl: number | undefined;
  if (!negative && sumG > 0 && sumN > 0) {
    kl = 0;
    for (let i = 0; i < n; i++) {
      const p = golden[i] / sumG;
      const q = npu[i] / sumN;
      if (p > 0) kl += p * Math.log(p / Math.max(q, 1e-30));
    }
  }
  const stats = (v: Float32Array, sum: number) => {
    const mean = sum / n;
    let s = 0;
    for (let i = 0; i < n; i++) s += (v[i] - mean) ** 2;
    return `(${mean.toFixed(3)};${Math.sqrt(s / n).toFixed(3)})`;
  };
  let sumAbsG = 0;
  for (let i = 0; i < n; i++) sumAbsG += Math.abs(golden[i]);
  return {
    cosine: nn > 0 && gg > 0 ? dot / Math.sqrt(nn * gg) : NaN,
    maxAbs,
    accumulatedRel: sumAbsG > 0 ? sumAbs / sumAbsG : NaN,
    relEuclid: gg > 0 ? Math.sqrt(sumSq) / Math.sqrt(gg) : NaN,
    kl,
    std: `${stats(npu, sumN)},${stats(golden, sumG)}`,
    meanAbs: sumAbs / n,
    rmse: Math.sqrt(sumSq / n),
    maxRel,
    meanRel: sumRel / n,
  };
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const fixed = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? 'NaN' : v.toFixed(6));

export interface CompareRun {
  csv: string;
  rows: { npuOp: string; groundTruth: string[]; cosine: number; pass: boolean }[];
}

/** The comparison msaccucmp and msit share: NPU dumps in `npuDir` against golden npy files in `goldenDir`. */
export async function compareDumps(npuDir: string, goldenDir: string, fusionRule: string | undefined, outDir: string, timestamp = stamp()): Promise<CompareRun> {
  for (const p of [npuDir, goldenDir, ...(fusionRule ? [fusionRule] : [])]) {
    if (!existsSync(p)) throw new CompareFailure(3, `The path "${p}" does not exist.`);
  }
  const dumps = readdirSync(npuDir).filter((f) => NPU_DUMP.test(f)).sort((a, b) => taskId(a) - taskId(b));
  if (dumps.length === 0) throw new CompareFailure(2, `There is no dump file in "${npuDir}".`);
  const golden = new Map<string, string>();
  for (const f of statSync(goldenDir).isDirectory() ? readdirSync(goldenDir) : []) {
    const m = GOLDEN_NPY.exec(f);
    if (m) golden.set(`${m[1]}.${m[2]}`, path.join(goldenDir, f));
  }
  let rule: ReturnType<typeof fusionRuleMap> | undefined;
  if (fusionRule) {
    try {
      rule = fusionRuleMap(readFileSync(fusionRule, 'utf8'));
    } catch (e) {
      throw new CompareFailure(13, `Failed to parse the json file "${fusionRule}": ${(e as Error).message}`);
    }
  }
  const lines = [MSACCUCMP_CSV_HEADER];
  const rows: CompareRun['rows'] = [];
  for (const [index, file] of dumps.entries()) {
    const opName = NPU_DUMP.exec(file)![1];
    const opType = file.slice(0, file.indexOf('.'));
    msLog('INFO', `[${opName}] Start to compare op "${opName}".`);
    const dump = await readNpuDump(nodeFileAccess, path.join(npuDir, file), 1 << 30);
    const out = dump.outputs[0];
    const mapped = rule ? rule.get(opName) : { origin: opName, originals: [opName] };
    const tensorIndex = `${opName}:output:0`;
    const shape = `[${out?.shape.join(',') ?? ''}]`;
    const goldenFile = mapped ? golden.get(`${mapped.origin.replace(/[./]/g, '_')}.0`) : undefined;
    const dtype = DT_NAMES[out?.dataType ?? 0] ?? 'DT_UNDEFINED';
    const address = `0x${(0x100000 + index * 0x1000).toString(16)}`;
    if (!out || !mapped || !goldenFile) {
      msLog('WARNING', `[${opName}] There is no the ground truth dump file for ${tensorIndex}.`);
      lines.push([String(index), opType, opName, dtype, address, '*', '*', tensorIndex, shape, ...Array(10).fill('NaN'), `There is no the ground truth dump file for ${tensorIndex}.`].map(csvCell).join(','));
      continue;
    }
    const bytes = await readNpuDumpTensor(nodeFileAccess, path.join(npuDir, file), out, 1 << 30);
    const npu = npyAsFloat32({ descr: npuDtypeDescr(out.dataType)!, shape: out.shape, fortranOrder: false, data: bytes! });
    const gold = npyAsFloat32(readNpy(readFileSync(goldenFile)));
    const groundTruth = mapped.originals.join(',');
    if (gold.length !== npu.length) {
      msLog('WARNING', `[${opName}] The shape does not match (${npu.length} vs ${gold.length}) for ${tensorIndex}.`);
      lines.push([String(index), opType, opName, dtype, address, groundTruth, 'float32', tensorIndex, shape, ...Array(10).fill('NaN'), `The shape does not match.`].map(csvCell).join(','));
      continue;
    }
    const m = metricsOf(npu, gold);
    lines.push([String(index), opType, opName, dtype, address, groundTruth, 'float32', tensorIndex, shape, fixed(m.cosine), fixed(m.maxAbs), fixed(m.accumulatedRel), fixed(m.relEuclid), fixed(m.kl), m.std, fixed(m.meanAbs), fixed(m.rmse), fixed(m.maxRel), fixed(m.meanRel), ''].map(csvCell).join(','));
    rows.push({ npuOp: opName, groundTruth: mapped.originals, cosine: m.cosine, pass: m.cosine > 0.99 && m.relEuclid < 0.05 });
  }
  mkdirSync(outDir, { recursive: true });
  const csv = path.join(outDir, `result_${timestamp}.csv`);
  writeFileSync(csv, `${lines.join('\n')}\n`);
  msLog('INFO', `The comparison result have been written to "'${csv}'".`);
  return { csv, rows };
}

function taskId(file: string): number {
  return Number(file.split('.')[2]);
}

const OPTIONS: Record<string, string> = { '-m': 'my', '--my_dump_path': 'my', '-g': 'golden', '--golden_dump_path': 'golden', '-f': 'fusion', '--fusion_rule_file': 'fusion', '-out': 'out', '--output': 'out', '-r': 'range', '--range': 'range', '-v': 'version', '--version': 'version' };

export async function runMsaccucmp(args: string[]): Promise<number> {
  const started = Date.now();
  const [sub, ...rest] = args;
  const usage = 'usage: msaccucmp.py compare [-h] -m MY_DUMP_PATH -g GOLDEN_DUMP_PATH [-f FUSION_RULE_FILE] [-out OUTPUT_PATH]';
  if (sub === undefined) {
    process.stdout.write('usage: msaccucmp.py [-h] {compare,convert,overflow,file_compare} ...\n');
    return 6;
  }
  if (sub !== 'compare') {
    process.stderr.write(`usage: msaccucmp.py [-h] {compare,convert,overflow,file_compare} ...\nmsaccucmp.py: error: argument : invalid choice: '${sub}' (choose from 'compare', 'convert', 'overflow', 'file_compare')\n`);
    return 2;
  }
  const values = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const key = OPTIONS[rest[i]];
    if (!key || i + 1 >= rest.length) {
      process.stderr.write(`${usage}\nmsaccucmp.py compare: error: unrecognized arguments: ${rest[i]}\n`);
      return 2;
    }
    values.set(key, rest[++i]);
  }
  const missing = [['my', '-m/--my_dump_path'], ['golden', '-g/--golden_dump_path']].filter(([k]) => !values.has(k)).map(([, n]) => n);
  if (missing.length > 0) {
    process.stderr.write(`${usage}\nmsaccucmp.py compare: error: the following arguments are required: ${missing.join(', ')}\n`);
    return 2;
  }
  if (values.has('range') && !values.has('fusion')) {
    msLog('ERROR', 'The argument "-r" or "--range" takes effect only when the "-f" exists.');
    return 6;
  }
  try {
    await compareDumps(values.get('my')!, values.get('golden')!, values.get('fusion'), values.get('out') ?? process.cwd());
  } catch (e) {
    if (!(e instanceof CompareFailure)) throw e;
    msLog('ERROR', e.message);
    return e.code;
  }
  msLog('INFO', `The command was completed and took ${Math.round((Date.now() - started) / 1000)} seconds.`);
  return 0;
}

export { CompareFailure };
