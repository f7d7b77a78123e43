// Huawei ATC (toolchains.md §6): gflags options, the console protocol of §6.3 (start line,
// progress dots, success or failure line, error blocks `<CODE>: <message>`), exit 0 or 255,
// `<output>.om` on success; `--mode=1 --om x.om --json x.json` writes the om's graph as the
// fusion-rule JSON msaccucmp takes.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fusionRuleJson, readOm } from './omFile';
import { parseToolOptions } from './simOptions';
import { simFailure, work } from './simRuntime';

const KNOWN = new Set([
  'mode', 'model', 'weight', 'framework', 'output', 'soc_version', 'input_shape', 'input_format', 'out_nodes', 'output_type',
  'input_fp16_nodes', 'precision_mode', 'log', 'insert_op_conf', 'dynamic_batch_size', 'dynamic_image_size', 'dynamic_dims',
  'op_select_implmode', 'fusion_switch_file', 'disable_reuse_memory', 'enable_small_channel', 'buffer_optimize', 'core_type', 'om', 'json',
]);
const SOC = /^Ascend(310|310B\d|310P\d|710|910|910B\d*|910A)$/;

export async function runAtc(args: string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const parsed = parseToolOptions(args, new Set(), true);
  const unknown = [...parsed.values.keys()].find((k) => !KNOWN.has(k));
  if (unknown) {
    process.stderr.write(`ERROR: unknown command line flag '${unknown}'\n`);
    return 1;
  }
  const v = (k: string) => parsed.values.get(k) ?? '';
  out('ATC start working now, please wait for a moment.');
  const fail = (code: string, message: string) => {
    out('ATC run failed, Please check the detail log, Try \'atc --help\' for more information');
    out(`${code}: ${message}`);
    out('        TraceBack (most recent call last):');
    out('        ParseParamsBeforeGraph failed[FUNC:main][FILE:main.cc][LINE:1437]');
    return 255;
  };
  if (v('mode') === '1') return omToJson(v('om'), v('json'), out, fail);
  if (v('mode') !== '' && v('mode') !== '0') return fail('E10001', `Value [${v('mode')}] for parameter [--mode] is invalid. Reason: only modes 0 and 1 are simulated`);
  if (v('model') === '') return fail('E10004', 'Value for --model is empty.');
  const framework = v('framework');
  if (!['0', '1', '3', '5'].includes(framework)) return fail('E10007', '[--framework] is required. The value must be [0(Caffe) or 1(MindSpore) or 3(TensorFlow) or 5(Onnx)].');
  if (framework === '0' && v('weight') === '') return fail('E10008', '--weight must not be empty when --framework is set to 0 (Caffe).');
  if (v('output') === '') return fail('E10004', 'Value for --output is empty.');
  if (v('soc_version') === '') return fail('E10004', 'Value for --soc_version is empty.');
  if (!SOC.test(v('soc_version'))) return fail('E10001', `Value [${v('soc_version')}] for parameter [--soc_version] is invalid. Reason: the soc_version is not supported.`);
  const shape = v('input_shape');
  if (shape !== '') {
    for (const entry of shape.split(';')) {
      const at = entry.lastIndexOf(':');
      if (at <= 0) return fail('E10002', `Value [${shape}] for parameter --input_shape is invalid. Reason: size not equal to 2 split by ":". The value must be formatted as "input_name1:n1,c1,h1,w1;input_name2:n2,c2,h2,w2".`);
      for (const d of entry.slice(at + 1).split(',')) {
        if (!/^\s*-?\d+\s*$/.test(d)) return fail('E10002', `Value [${shape}] for parameter --input_shape is invalid. Reason: is not digit. The value must be formatted as "input_name1:n1,c1,h1,w1;input_name2:n2,c2,h2,w2".`);
        if (Number(d) <= 0) return fail('E10011', `Value ${shape} for parameter --input_shape is invalid. Shape values must be positive integers. The error value in the shape is ${d.trim()}.`);
      }
    }
  }
  if (!existsSync(v('model'))) return fail('E10041', `Failed to load the model from ${v('model')}.`);
  if (framework === '0' && !existsSync(v('weight'))) return fail('E10041', `Failed to load the model from ${v('weight')}.`);
  process.stdout.write('.....');
  await work(out);
  process.stdout.write('.....\n');
  if (simFailure() === 'compile') return fail('EZ3003', 'No supported Ops kernel and engine are found for [Proposal], optype [Proposal].');
  writeFileSync(`${v('output')}.om`, Buffer.concat([Buffer.from('IMOD'), Buffer.alloc(252, 0x11)]));
  out('ATC run success, welcome to the next use.');
  return 0;
}

/** `--mode=1`: the om's graph as JSON (a simulated om's ops with their original layers). */
function omToJson(om: string, json: string, out: (line: string) => void, fail: (code: string, message: string) => number): number {
  if (om === '' || json === '') return fail('E10001', 'Value [] for parameter [--om] or [--json] is invalid. Reason: mode 1 needs both --om and --json.');
  if (!existsSync(om)) return fail('E10041', `Failed to load the model from ${om}.`);
  const description = readOm(readFileSync(om)) ?? { name: 'model', ops: [] };
  writeFileSync(json, fusionRuleJson(description));
  out('ATC run success, welcome to the next use.');
  return 0;
}
