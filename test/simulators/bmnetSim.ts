// The NNTC front ends (bmnetc, bmnetd gflags binaries; bmpaddle, bmnetp, bmneto, bmnett, bmnetm
// Python modules run as `python3 -m`): the option matrix of toolchains.md §1.2, the success
// banner and glog lines of §1.6, the files of §1.5. Their bad-argument texts are not documented
// (a gap of the fact sheet), so these are argparse's for the Python tools and gflags' for the
// binaries; failures are a Traceback and exit 1.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { bmodelBytes, float32Data, type BmodelDescription } from './bmodelFile';
import { parseShapes, parseToolOptions, toolBool } from './simOptions';
import { glog, simFailure, work } from './simRuntime';

interface ToolSpec {
  python: boolean;
  required: string[];
  optional: string[];
}

const common = ['opt', 'dyn', 'outdir', 'cmp', 'mode', 'enable_profile', 'list_ops'];
const tools: Record<string, ToolSpec> = {
  bmnetc: { python: false, required: ['model', 'weight', 'target'], optional: [...common, 'shapes', 'net_name', 'show_args'] },
  bmnetd: { python: false, required: ['model', 'weight', 'target'], optional: [...common, 'shapes', 'net_name', 'log_dir', 'v', 'dump_ref'] },
  bmpaddle: { python: true, required: ['model', 'shapes', 'input_names', 'output_names', 'net_name', 'target'], optional: [...common, 'descs'] },
  bmnetp: { python: true, required: ['model', 'shapes', 'net_name', 'target'], optional: common },
  bmneto: { python: true, required: ['model', 'shapes', 'target'], optional: [...common, 'input_names', 'output_names', 'descs', 'net_name'] },
  bmnett: { python: true, required: ['model', 'shapes', 'input_names', 'output_names', 'net_name', 'target'], optional: [...common, 'descs'] },
  bmnetm: { python: true, required: ['model', 'weight', 'shapes', 'net_name', 'target'], optional: [...common, 'input_names'] },
};

export const BMNET_TOOLS = Object.keys(tools);
const TARGETS = ['BM1682', 'BM1684', 'BM1684X'];

class ToolError extends Error {}

export async function runBmnet(tool: string, args: string[]): Promise<number> {
  const spec = tools[tool];
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  const parsed = parseToolOptions(args, new Set(['list_ops', 'show_args']), !spec.python);
  const known = new Set([...spec.required, ...spec.optional]);
  const unknown = [...parsed.values.keys()].filter((k) => !known.has(k));
  if (spec.python) {
    const usage = `usage: python3 -m ${tool} [-h] ${spec.required.map((r) => `--${r} ${r.toUpperCase()}`).join(' ')}`;
    if (unknown.length > 0 || parsed.positionals.length > 0) {
      err(usage);
      err(`__main__.py: error: unrecognized arguments: ${[...unknown.map((u) => `--${u}`), ...parsed.positionals].join(' ')}`);
      return 2;
    }
    const missing = spec.required.filter((r) => !parsed.values.has(r));
    if (missing.length > 0) {
      err(usage);
      err(`__main__.py: error: the following arguments are required: ${missing.map((m) => `--${m}`).join(', ')}`);
      return 2;
    }
  } else {
    if (unknown.length > 0) {
      err(`ERROR: unknown command line flag '${unknown[0]}'`);
      return 1;
    }
    const missing = spec.required.filter((r) => !parsed.values.has(r));
    if (missing.length > 0) {
      err(glog('E', 'bmcompiler_net_param.cpp:44', `--${missing[0]} is required`));
      return 1;
    }
  }
  try {
    return await compile(tool, spec, parsed.values, out, err);
  } catch (e) {
    if (!(e instanceof ToolError)) throw e;
    if (spec.python) {
      err('Traceback (most recent call last):');
      err(`  File "/usr/local/lib/python3.8/dist-packages/${tool}/__main__.py", line 61, in <module>`);
      err(`    ${tool}.compile(**vars(args))`);
      err(`ValueError: ${e.message}`);
    } else {
      err(glog('E', 'bmcompiler_net_param.cpp:88', e.message));
    }
    return 1;
  }
}

async function compile(tool: string, spec: ToolSpec, values: Map<string, string>, out: (l: string) => void, err: (l: string) => void): Promise<number> {
  const get = (k: string) => values.get(k);
  const target = get('target')!;
  if (!TARGETS.includes(target)) throw new ToolError(`--target must be one of ${TARGETS.join(', ')}, got ${target}`);
  const model = get('model')!;
  if (!existsSync(model)) throw new ToolError(`--model ${model} does not exist`);
  const isDir = statSync(model).isDirectory();
  if (tool === 'bmpaddle') {
    if (!isDir) throw new ToolError(`--model must be the model directory, got the file ${model}`);
    const names = readdirSync(model);
    if (!names.includes('__model__') && !names.some((n) => n.endsWith('.pdmodel'))) throw new ToolError(`no __model__ or *.pdmodel in ${model}`);
  } else if (isDir) throw new ToolError(`--model must be a file, got the directory ${model}`);
  const weight = get('weight');
  if (spec.required.includes('weight') && weight !== undefined && !existsSync(weight)) throw new ToolError(`--weight ${weight} does not exist`);
  for (const k of ['cmp', 'dyn', 'enable_profile']) if (toolBool(get(k), false) === undefined) throw new ToolError(`--${k} takes true or false, got ${get(k)}`);
  const cmp = toolBool(get('cmp'), true)!;
  if (get('opt') !== undefined && !['0', '1', '2'].includes(get('opt')!)) throw new ToolError(`--opt must be 0, 1 or 2, got ${get('opt')}`);
  const shapesText = get('shapes');
  const shapes = shapesText !== undefined ? parseShapes(shapesText) : prototxtShapes(model);
  if (!shapes) throw new ToolError(`--shapes is malformed: ${shapesText}`);
  const inputNames = get('input_names')?.split(',') ?? prototxtInputs(model, shapes.length);
  if (inputNames.length !== shapes.length) throw new ToolError(`--shapes gives ${shapes.length} shapes for ${inputNames.length} inputs`);
  const outputNames = get('output_names')?.split(',') ?? ['output'];
  // "default: prototxt name": the net's `name:` in the prototxt, else the file's stem.
  const declared = model.endsWith('.prototxt') ? /^name\s*:\s*"([^"]+)"/m.exec(readFileSync(model, 'utf8'))?.[1] : undefined;
  const net = get('net_name') ?? declared ?? path.basename(model).replace(/\.[^.]*$/, '');
  const outdir = get('outdir') ?? 'compilation';

  err(glog('I', 'bmcompiler_if.cpp:35', `compile net [${net}] for ${target}, opt ${get('opt') ?? '2'}, cmp ${cmp}`));
  await work(out);
  if (simFailure() === 'compile') {
    err(glog('E', 'bmcompiler_layer.cpp:512', `layer [${outputNames[0]}] compile failed: unsupported shape`));
    err('Traceback (most recent call last):');
    err(`  File "/usr/local/lib/python3.8/dist-packages/${tool}/compiler.py", line 230, in compile`);
    err('RuntimeError: BMCompiler compile failed');
    return 1;
  }
  if (cmp) {
    if (process.env.BMCOMPILER_STAT_ERR === '1') {
      for (const name of outputNames) err(glog('I', 'bmcompiler_cmp.cpp:301', `stat err of [${name}]: max abs 0.000412, max rel 0.000951`));
    }
    if (simFailure() === 'cmp') {
      err(glog('E', 'bmcompiler_cmp.cpp:318', `compare failed at output [${outputNames[0]}], index 17: exp 0.731200 got 0.702144`));
      err(glog('F', 'bmcompiler_cmp.cpp:320', 'result compare failed'));
      return 1;
    }
  }
  mkdirSync(outdir, { recursive: true });
  const description: BmodelDescription = {
    chip: target,
    net,
    inputs: inputNames.map((name, i) => ({ name, shape: shapes[i] })),
    outputs: outputNames.map((name) => ({ name, shape: [1, 10] })),
  };
  for (const i of description.inputs) err(glog('I', 'bmcompiler_bmodel.cpp:130', `save_tensor input name [${i.name}]`));
  for (const o of description.outputs) err(glog('I', 'bmcompiler_bmodel.cpp:130', `save_tensor output name [${o.name}]`));
  writeFileSync(path.join(outdir, 'compilation.bmodel'), bmodelBytes(description));
  if (cmp) {
    writeFileSync(path.join(outdir, 'input_ref_data.dat'), Buffer.concat(description.inputs.map((t, i) => float32Data(count(t.shape), i))));
    writeFileSync(path.join(outdir, 'output_ref_data.dat'), Buffer.concat(description.outputs.map((t, i) => float32Data(count(t.shape), 100 + i))));
    writeFileSync(path.join(outdir, 'io_info.dat'), '');
  }
  out('######################################');
  out('# Store bmodel of BMCompiler.');
  out('######################################');
  out('BMLIB Send Quit Message');
  return 0;
}

const count = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** A prototxt's input dims (`input_dim` or `input_shape { dim }`), one shape per `input:`. */
function prototxtShapes(model: string): number[][] | undefined {
  const text = readFileSync(model, 'utf8');
  const dims = [...text.matchAll(/\b(?:input_dim|dim)\s*:\s*(\d+)/g)].map((m) => Number(m[1]));
  const inputs = prototxtInputs(model, 1).length;
  if (dims.length === 0) return [[1, 3, 224, 224]];
  const per = Math.max(1, Math.floor(dims.length / inputs));
  return Array.from({ length: inputs }, (_, i) => dims.slice(i * per, (i + 1) * per));
}

function prototxtInputs(model: string, fallback: number): string[] {
  if (!model.endsWith('.prototxt')) return Array.from({ length: fallback }, (_, i) => `input${i}`);
  const names = [...readFileSync(model, 'utf8').matchAll(/^\s*input\s*:\s*"([^"]+)"/gm)].map((m) => m[1]);
  return names.length > 0 ? names : ['data'];
}
