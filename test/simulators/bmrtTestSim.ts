// bmrt_test (toolchains.md §2): its option checks (FATAL before the try: abort, status 134), the
// `[BMRT][func:line] SEVERITY:` run sequence, compare against the compile's reference data
// (`cmp success` / WRONG … `cmp failed`, status 255), and BMRT_SAVE_IO_TENSORS=1 writing
// `input_ref_data.dat.bmrt` / `output_ref_data.dat.bmrt` in the working folder. Compare is
// element by element against output_ref_data.dat with --accuracy_f, naming the first bad index;
// the net is shown first (newer builds' show_net_info block).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { float32Data, readBmodel } from './bmodelFile';
import { parseToolOptions } from './simOptions';
import { simFailure, work } from './simRuntime';

const log = (func: string, line: number, severity: string, text: string) => process.stdout.write(`[BMRT][${func}:${line}] ${severity}:${text}\n`);

export async function runBmrtTest(args: string[]): Promise<number> {
  const parsed = parseToolOptions(args, new Set(['export_neuron', 'export_output', 'profile', 'subnet_time', 'debug_output', 'only_cmp_last', 'version', 'help']));
  const v = parsed.values;
  if (v.has('version')) {
    process.stdout.write('bmrt_test version: 2.7.0\n');
    return 0;
  }
  if (v.size === 0 || v.has('help')) {
    process.stdout.write('Usage:\n  --version          : Show version.\n  --context_dir      : The dir of context after compilation.\n  --append_dir       : The dir of another context after compiltaion.\n  --bmodel           : The path of bmodel, just test bmodel, no compare.\n');
    return 255;
  }
  const optionFatal = (text: string) => {
    log('check_options', 1239, 'FATAL', text);
    process.stderr.write("terminate called after throwing an instance of 'std::runtime_error'\n  what():  BMRuntime internal error.\n");
    return 134;
  };
  const dir = v.get('context_dir');
  const bmodel = v.get('bmodel');
  if (dir && bmodel) return optionFatal("can't use dir and bmodel at the same time");
  if (!dir && !bmodel) return optionFatal('no context files');
  const loops = Number(v.get('loopnum') ?? '1');
  if (!(loops > 0)) return optionFatal('loopnum should larger than 0');
  const compare = v.has('compare') ? v.get('compare') === '1' : Boolean(dir);
  log('deal_with_options', 1301, 'INFO', `Loop num: ${loops}`);
  const file = dir ? path.join(dir, 'compilation.bmodel') : bmodel!;
  log('load_bmodel', 1084, 'INFO', `Loading bmodel from [${file}]. Thanks for your patience...`);
  const description = existsSync(file) ? readBmodel(readFileSync(file)) : undefined;
  if (!description) {
    log('bmrt_test', 1250, 'FATAL', `Load bmodel[${file}] failed`);
    return 255;
  }
  log('load_bmodel', 1121, 'INFO', 'pre net num: 0, load net num: 1');
  // Newer builds show the net before running it (§2.2, step 7).
  const shape = (dims: number[]) => `[ ${dims.join(' ')} ]`;
  process.stdout.write(` ########################\n NetName: ${description.net}, Index=0\n ---- stage 0 ----\n`);
  description.inputs.forEach((t, i) => process.stdout.write(`   Input ${i}) '${t.name}' shape=${shape(t.shape)} dtype=FLOAT32 scale=1 zero_point=0\n`));
  description.outputs.forEach((t, i) => process.stdout.write(`   Output ${i}) '${t.name}' shape=${shape(t.shape)} dtype=FLOAT32 scale=1 zero_point=0\n`));
  process.stdout.write(' ########################\n');
  const net = description.net;
  const refIn = dir ? path.join(dir, 'input_ref_data.dat') : '';
  const refOut = dir ? path.join(dir, 'output_ref_data.dat') : '';
  if (compare) {
    for (const f of [refIn, refOut]) {
      if (!existsSync(f)) {
        log('bmrt_test', 1250, 'FATAL', `cannot open file ${f}`);
        return 255;
      }
    }
  }
  log('bmrt_test', 1040, 'INFO', `==> running network #0, name: ${net}, loop: 0`);
  await work((line) => process.stdout.write(`${line}\n`));
  const count = (dims: number[]) => dims.reduce((a, b) => a * b, 1);
  const inputs = Buffer.concat(description.inputs.map((t, i) => float32Data(count(t.shape), i)));
  const outputs = description.outputs.map((t, i) => float32Data(count(t.shape), 100 + i));
  // NPU_SIM_FAIL=cmp: the device gets the first output's fourth value wrong.
  if (simFailure() === 'cmp' && outputs[0].length >= 16) outputs[0].writeFloatLE(outputs[0].readFloatLE(12) * 0.9 - 0.01, 12);
  log('bmrt_test', 1166, 'INFO', `net[${net}] stage[0], launch total time is 4521 us (npu 4368 us, cpu 153 us)`);
  log('bmrt_test', 1180, 'INFO', `+++ The network[${net}] stage[0] output_data +++`);
  description.outputs.forEach((o, i) => log('print_array', 87, 'INFO', `output data #${i} shape: [${o.shape.join(' ')} ] < 1 0.07 0.14 0.21 0.28 0.35 0.42 0.49 0.56 0.63 >`));
  if (process.env.BMRT_SAVE_IO_TENSORS === '1') {
    writeFileSync('input_ref_data.dat.bmrt', inputs);
    writeFileSync('output_ref_data.dat.bmrt', Buffer.concat(outputs));
  }
  if (compare) {
    // Float outputs compared element by element with --accuracy_f as the relative tolerance.
    const tolerance = Number(v.get('accuracy_f') ?? '0.01');
    const reference = readFileSync(refOut);
    let at = 0;
    for (const [i, out] of outputs.entries()) {
      log('bmrt_test', 1193, 'INFO', `==>comparing output in mem #${i} ... `);
      const exp = reference.subarray(at, at + out.length);
      at += out.length;
      for (let k = 0; k * 4 < out.length; k++) {
        const e = k * 4 + 4 <= exp.length ? exp.readFloatLE(k * 4) : NaN;
        const g = out.readFloatLE(k * 4);
        if (!(Math.abs(e - g) <= tolerance * Math.max(Math.abs(e), 1e-6))) {
          log('array_cmp_fix', 94, 'WRONG', `${description.outputs[i].name} rel warning at index ${k} exp ${e.toFixed(20)} got ${g.toFixed(20)}`);
          log('result_cmp', 162, 'WRONG', `comparing #${i} output failed!`);
          log('bmrt_test', 1207, 'FATAL', `+++ The network[${net}] stage[0] cmp failed +++`);
          return 255;
        }
      }
    }
    log('bmrt_test', 1211, 'INFO', `+++ The network[${net}] stage[0] cmp success +++`);
  }
  log('bmrt_test', 1240, 'INFO', 'load input time(s): 0.000812');
  log('bmrt_test', 1241, 'INFO', 'calculate  time(s): 0.004532');
  log('bmrt_test', 1242, 'INFO', 'get output time(s): 0.000101');
  if (compare) log('bmrt_test', 1243, 'INFO', 'compare    time(s): 0.000204');
  return 0;
}
