// Child process of `npm run bench`: the comparison engine on a synthetic 1 GB dump folder.
// `measureCompare.js` writes float32 version-2 NPU dumps and their golden .npy files (1 GiB a
// side: 56 tensors of 16 MiB, held whole, and one of 128 MiB, streamed twice) into a temporary
// folder, times `compareDumps` in 3 fresh processes (`run NPU GOLDEN`: time and peak RSS), then
// numpy doing the same metrics on the same files (msaccucmp's formulas and npz_tool's checks, per
// tensor) when `python3 -c 'import numpy'` works, and prints one JSON line; the folder is removed.
// Peaks are VmHWM, each process's own (see peakRssMB); the data are written by a process of their own.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { compareDumps } from '../../src/core/compare/compareDumps';
import { encodeNpy } from '../../src/core/cut/npy';
import { nodeFileAccess } from '../../src/core/io/nodeFileAccess';
import { DT_FLOAT, FORMAT_NCHW, npuDump } from '../support/npuDumpFiles';

const SMALL = 4 * 1024 * 1024;
const SMALL_FILES = 56;
const BIG = 32 * 1024 * 1024;

interface Manifest {
  npu: string;
  offset: number;
  count: number;
  golden: string;
}

/** Writes both folders; the values are a fixed pseudo-random base, scaled per tensor, the NPU side off by a small noise. */
function generate(dir: string): { npuDir: string; goldenDir: string; manifest: Manifest[]; bytes: number } {
  const npuDir = path.join(dir, 'npu');
  const goldenDir = path.join(dir, 'golden');
  mkdirSync(npuDir);
  mkdirSync(goldenDir);
  let seed = 12345;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  const base = new Float32Array(SMALL).map(() => next() * 4 - 1.5);
  const noise = new Float32Array(SMALL).map(() => (next() - 0.5) * 0.01);
  const manifest: Manifest[] = [];
  let bytes = 0;
  const write = (name: string, count: number, scale: number, time: number) => {
    const golden = new Float32Array(count);
    const npu = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const g = base[i % SMALL] * scale;
      golden[i] = g;
      npu[i] = g + noise[(i * 7) % SMALL];
    }
    const goldenFile = path.join(goldenDir, `${name}.0.${time}.npy`);
    writeFileSync(goldenFile, encodeNpy('<f4', [1, count / 4096, 64, 64], new Uint8Array(golden.buffer)));
    const dump = npuDump(name, [], [{ dataType: DT_FLOAT, format: FORMAT_NCHW, shape: [1, count / 4096, 64, 64], data: Buffer.from(npu.buffer) }]);
    const npuFile = path.join(npuDir, `Conv2D.${name}.${manifest.length + 1}.${time}`);
    writeFileSync(npuFile, dump);
    manifest.push({ npu: npuFile, offset: dump.length - count * 4, count, golden: goldenFile });
    bytes += count * 4;
  };
  for (let k = 0; k < SMALL_FILES; k++) write(`layer${k}`, SMALL, 1 + k / 64, 1700000000000000 + k);
  write('big_layer', BIG, 0.5, 1700000000000999);
  return { npuDir, goldenDir, manifest, bytes };
}

const NUMPY = String.raw`
import json, sys, time, resource
import numpy as np
manifest = json.load(open(sys.argv[1]))
eps, eps32 = np.finfo(float).eps, np.finfo(np.float32).eps
def norm(x):
    r = x.max() - x.min()
    y = (x - x.min()) / r if r != 0 else x
    return np.maximum(y, eps32)
t0 = time.perf_counter()
out = []
for m in manifest:
    a = np.fromfile(m['npu'], dtype=np.float32, count=m['count'], offset=m['offset'])
    b = np.load(m['golden']).ravel()
    an, bn = np.linalg.norm(a), np.linalg.norm(b)
    cos = min(((a / an) * (b / bn)).sum(), 1.0)
    d = a - b
    ad = np.abs(d)
    rel = np.where(np.abs(b) > eps, np.abs(a / b - 1), 0)
    p, q = norm(a), norm(b)
    p, q = p / p.sum(), q / q.sum()
    kl = (p * np.log(p / q)).sum()
    equal = np.array_equal(a, b)
    for order in range(5, 1, -1):
        if np.allclose(a, b, rtol=10 ** (-order), atol=1e-8, equal_nan=True):
            break
    euc = 1 - np.sqrt(np.sum(d ** 2)) / (np.sqrt(np.sum(((a + b) / 2) ** 2)) + 1e-7)
    noise = a - b
    sqnr = 10 * np.log10(np.sum((a - a.mean()) ** 2) / np.sum((noise - noise.mean()) ** 2))
    out.append([float(cos), float(ad.max()), float(ad.mean()), float(np.sqrt(np.average(d ** 2))), float(np.sqrt((d ** 2).sum() / (b ** 2).sum())), float(rel.max()), float(rel.mean()), float(kl), float(euc), float(sqnr)])
# VmHWM, not ru_maxrss: the latter keeps the spawning process's size across fork and exec.
hwm = [int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:')]
peak = hwm[0] / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({'ms': (time.perf_counter() - t0) * 1000, 'peakRssMB': peak, 'compared': len(out), 'firstCosine': out[0][0]}))
`;

/**
 * This process's own peak resident memory: VmHWM, which starts afresh at exec, where
 * getrusage's maxRSS keeps the size of the process that spawned it (fork copies it, exec keeps it).
 */
function peakRssMB(): number {
  try {
    const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
    if (line) return Number(line.split(/\s+/)[1]) / 1024;
  } catch {
    // Not Linux: the rusage figure, which may include the parent's.
  }
  return process.resourceUsage().maxRSS / 1024;
}

async function runOnce(npuDir: string, goldenDir: string): Promise<void> {
  const t0 = performance.now();
  const { result } = await compareDumps(nodeFileAccess, { npu: npuDir, golden: goldenDir });
  const ms = performance.now() - t0;
  process.stdout.write(`${JSON.stringify({ ms, peakRssMB: peakRssMB(), compared: result.summary.compared, firstCosine: result.rows[0]?.cosine })}\n`);
}

function lastJson(stdout: string, stderr: string): { ms: number; peakRssMB: number; compared: number; firstCosine: number } {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(stderr.trim().split('\n').pop() ?? 'no answer');
  }
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

async function main(): Promise<void> {
  const [mode, npuDir, goldenDir] = process.argv.slice(2);
  if (mode === 'run') return runOnce(npuDir, goldenDir);
  if (mode === 'generate') {
    // `generate DIR`: the data and its manifest, in a process of its own (so the one spawning the runs stays small).
    const data = generate(npuDir);
    writeFileSync(path.join(npuDir, 'manifest.json'), JSON.stringify(data.manifest));
    process.stdout.write(`${JSON.stringify({ bytes: data.bytes, tensors: data.manifest.length })}\n`);
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-bench-compare-'));
  try {
    const t0 = performance.now();
    const made = spawnSync(process.execPath, [__filename, 'generate', dir], { encoding: 'utf8' });
    const generated = JSON.parse(made.stdout.trim().split('\n').pop() || '{}') as { bytes?: number; tensors?: number };
    if (made.status !== 0 || !generated.bytes) throw new Error(made.stderr.trim().split('\n').pop() ?? 'the data were not written');
    const generateMs = performance.now() - t0;
    const data = { npuDir: path.join(dir, 'npu'), goldenDir: path.join(dir, 'golden'), manifest: path.join(dir, 'manifest.json'), bytes: generated.bytes, tensors: generated.tensors ?? 0 };
    const ours = [0, 1, 2].map(() => {
      const r = spawnSync(process.execPath, [__filename, 'run', data.npuDir, data.goldenDir], { encoding: 'utf8' });
      return lastJson(r.stdout, r.stderr);
    });
    let numpy: { ms: number; peakRssMB: number } | null = null;
    const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
    if (hasNumpy) {
      const manifest = data.manifest;
      const runs = [0, 1, 2].map(() => {
        const r = spawnSync('python3', ['-c', NUMPY, manifest], { encoding: 'utf8', maxBuffer: 1 << 20 });
        return lastJson(r.stdout, r.stderr);
      });
      numpy = { ms: median(runs.map((r) => r.ms)), peakRssMB: Math.max(...runs.map((r) => r.peakRssMB)) };
      if (Math.abs(runs[0].firstCosine - ours[0].firstCosine) > 1e-4) throw new Error(`numpy's cosine ${runs[0].firstCosine} differs from ours ${ours[0].firstCosine}`);
    }
    process.stdout.write(
      `${JSON.stringify({ bytes: data.bytes, tensors: data.tensors, generateMs, ms: median(ours.map((r) => r.ms)), peakRssMB: Math.max(...ours.map((r) => r.peakRssMB)), compared: ours[0].compared, numpy })}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stdout.write(`${JSON.stringify({ error: String(e instanceof Error ? e.message : e) })}\n`);
  process.exitCode = 1;
});
