// TPU-MLIR's `npz_tool.py compare <target.npz> <ref.npz> [--tolerance cos,euc] [-v] [--save f.csv]`
// (toolchains.md §5.4): every tensor both archives hold, EQUAL when identical, CLOSE when
// np.allclose holds at 10^-order for an order ≥ 3, else SIMILAR or NOT_SIMLIAR (sic) by cosine
// and euclidean similarity; the per-tensor lines, the summary block, the --save CSV, and
// `npz compare PASSED.` (exit 0) or `npz compare FAILED.` (exit 255).
import { writeFileSync } from 'node:fs';
import { npyAsFloat32, readNpy } from '../../src/core/cut/npy';
import { ZipArchive } from '../../src/core/formats/torchscript/zipEntries';
import { nodeFileAccess } from '../../src/core/io/nodeFileAccess';

type Status = 'EQUAL' | 'CLOSE' | 'SIMILAR' | 'NOT_SIMLIAR' | 'NOT_MATCH';

async function readNpz(file: string): Promise<Map<string, { shape: number[]; descr: string; data: Float32Array }>> {
  const archive = await ZipArchive.open(nodeFileAccess, file);
  if (!archive) throw new Error(`zipfile.BadZipFile: File is not a zip file: ${file}`);
  const tensors = new Map<string, { shape: number[]; descr: string; data: Float32Array }>();
  for (const entry of archive.entries) {
    const bytes = await archive.read(entry, 1 << 30);
    if (!bytes) continue;
    const npy = readNpy(bytes);
    tensors.set(entry.name.replace(/\.npy$/, ''), { shape: npy.shape, descr: npy.descr, data: npyAsFloat32(npy) });
  }
  return tensors;
}

function compare(a: Float32Array, b: Float32Array, tolCos: number, tolEuc: number): { status: Status; cos: number; euc: number; sqnr: number; order?: number } {
  if (a.every((v, i) => v === b[i])) return { status: 'EQUAL', cos: 1, euc: 1, sqnr: -Infinity };
  for (let order = 5; order >= 2; order--) {
    const tol = 10 ** -order;
    if (a.every((v, i) => Math.abs(v - b[i]) <= tol + tol * Math.abs(b[i])) && order >= 3) return { status: 'CLOSE', cos: 1, euc: 1, sqnr: -Infinity, order };
  }
  let dot = 0, aa = 0, bb = 0, diff = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
    diff += (a[i] - b[i]) ** 2;
  }
  const cos = dot / Math.sqrt(aa * bb);
  // tensor_compare.py: 1 - ||a-b|| / (root mean square of both norms).
  const euc = 1 - Math.sqrt(diff) / Math.sqrt((aa + bb) / 2);
  const sqnr = 10 * Math.log10(bb / Math.max(diff, 1e-30));
  return { status: cos >= tolCos && euc >= tolEuc ? 'SIMILAR' : 'NOT_SIMLIAR', cos, euc, sqnr };
}

export async function runNpzTool(args: string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (args.length === 0) {
    out('Usage: npz_tool.py compare|visualize_diff|dump|extract|rename|to_bin|... [args]');
    return 255;
  }
  if (args[0] !== 'compare') {
    process.stderr.write(`Traceback (most recent call last):\n  File "npz_tool.py", line 52, in <module>\nRuntimeError: No support ${args[0]} Method\n`);
    return 1;
  }
  const positionals: string[] = [];
  let tolerance = [0.99, 0.99];
  let verbose = false;
  let save: string | undefined;
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if (a === '--tolerance') tolerance = args[++i].split(',').map(Number);
    else if (a === '-v' || a === '-vv' || a === '--verbose') verbose = true;
    else if (a === '--save') save = args[++i];
    else if (a.startsWith('-')) {
      process.stderr.write(`usage: npz_tool.py compare [-h] target_file ref_file\nnpz_tool.py: error: unrecognized arguments: ${a}\n`);
      return 2;
    } else positionals.push(a);
  }
  if (positionals.length !== 2) {
    process.stderr.write('usage: npz_tool.py compare [-h] target_file ref_file\nnpz_tool.py: error: the following arguments are required: target_file, ref_file\n');
    return 2;
  }
  const [targetFile, refFile] = positionals;
  const target = await readNpz(targetFile);
  const ref = await readNpz(refFile);
  const results: { name: string; status: Status; cos: number; euc: number; sqnr: number; pass: boolean }[] = [];
  for (const [name, r] of ref) {
    const tgt = target.get(name);
    if (!tgt) continue;
    process.stderr.write(`compare ${name}: ${Math.round((100 * (results.length + 1)) / ref.size)}%|\n`);
    const res = tgt.shape.join() !== r.shape.join() ? { status: 'NOT_MATCH' as Status, cos: 0, euc: 0, sqnr: -Infinity } : compare(tgt.data, r.data, tolerance[0], tolerance[1]);
    const pass = res.status === 'EQUAL' || res.status === 'CLOSE' || res.status === 'SIMILAR';
    results.push({ name, ...res, pass });
    if (!pass || verbose) {
      out(`[${name.padEnd(32)}] ${res.status.padStart(12)} [${pass ? 'PASSED' : 'FAILED'}]`);
      if (verbose) {
        out(`    (${tgt.shape.join(', ')}${tgt.shape.length === 1 ? ',' : ''}) float32`);
        if (res.status === 'SIMILAR' || res.status === 'NOT_SIMLIAR') {
          out(`    cosine_similarity      = ${res.cos.toFixed(6)}`);
          out(`    euclidean_similarity   = ${res.euc.toFixed(6)}`);
          out(`    sqnr_similarity        = ${res.sqnr.toFixed(6)}`);
        }
      }
    }
  }
  const count = (s: Status) => results.filter((r) => r.status === s).length;
  const passed = results.filter((r) => r.pass).length;
  const similar = results.filter((r) => r.status === 'SIMILAR' || r.status === 'NOT_SIMLIAR');
  out(`${results.length} compared`);
  out(`${passed} passed`);
  out(`  ${count('EQUAL')} equal, ${count('CLOSE')} close, ${count('SIMILAR')} similar`);
  out(`${results.length - passed} failed`);
  out(`  0 not equal, ${count('NOT_SIMLIAR')} not similar`);
  const min = (f: (r: (typeof results)[number]) => number) => (similar.length ? Math.min(...similar.map(f)) : 1);
  out(`min_similiarity = (${min((r) => r.cos)}, ${min((r) => r.euc)}, ${similar.length ? min((r) => r.sqnr) : 'inf'})`);
  if (save) {
    const py = (v: number) => (v === -Infinity ? '-inf' : String(v));
    const rows = results.map((r) => {
      const sim = r.status === 'SIMILAR' || r.status === 'NOT_SIMLIAR';
      return `${r.name}, -, -, ${r.pass ? 'True' : 'False'}, ${sim ? py(r.cos) : '1.0'}, ${sim ? py(r.euc) : '1.0'}, ${sim ? py(r.sqnr) : '-inf'}`;
    });
    writeFileSync(save, `name, op, quant, pass, sim_cos, sim_euc, sqnr\n${rows.join('\n')}\n`);
    out(`Results save as ${save}`);
  }
  out(`Target    ${targetFile}`);
  out(`Reference ${refFile}`);
  if (passed === results.length) {
    out('npz compare PASSED.');
    return 0;
  }
  out('npz compare FAILED.');
  return 255;
}
