// The vendor tool's command line for a job: the user's own options passed on as given, and what
// the tool requires but was not given filled from the model (input and output names, fixed
// shapes, net name) and from the host (target, soc_version). Checked before anything is
// uploaded: a mistake found here costs nothing on the host.
import type { TensorSummary } from '../model';
import { SOPHON_TARGETS, type HostConfig } from '../hosts/hostsFile';
import { t } from '../l10n';
import { toolCommand } from './toolChoice';

export interface ModelFacts {
  framework: 'paddle' | 'caffe' | undefined;
  name: string;
  inputs: TensorSummary[];
  outputs: TensorSummary[];
}

export interface ToolArgsRequest {
  tool: string;
  /** TOOL-ARGS as the user gave them. */
  userArgs: readonly string[];
  /** What the model says, when it could be read (Paddle and Caffe). */
  model: ModelFacts | undefined;
  /** The model's extension, for ATC's --framework when the model was not read. */
  extension: string;
  /** Paths on the host. */
  remoteModel: string;
  remoteWeights?: string;
  jobFolder: string;
  host: HostConfig;
}

export interface ToolInvocation {
  /** The words of the command, unquoted. */
  words: string[];
  /** Files the tool writes in the job folder that come back, in order; missing optional ones are skipped. */
  outputs: { name: string; required: boolean }[];
}

/** The user's arguments cannot make a valid run: exit 1, nothing uploaded. */
export class ArgumentsRejected extends Error {
  override readonly name = 'ArgumentsRejected';
}

const BMNET_OPTIONS: Record<string, string[]> = {
  bmnetc: ['model', 'weight', 'shapes', 'net_name', 'opt', 'dyn', 'outdir', 'target', 'cmp', 'mode', 'enable_profile', 'list_ops', 'show_args'],
  bmnetd: ['model', 'weight', 'shapes', 'net_name', 'opt', 'dyn', 'outdir', 'target', 'cmp', 'mode', 'enable_profile', 'log_dir', 'v', 'dump_ref'],
  bmpaddle: ['model', 'shapes', 'input_names', 'output_names', 'descs', 'net_name', 'opt', 'dyn', 'outdir', 'target', 'cmp', 'mode', 'enable_profile', 'list_ops'],
  bmnetp: ['model', 'shapes', 'net_name', 'opt', 'dyn', 'outdir', 'target', 'cmp', 'mode', 'enable_profile', 'list_ops'],
  bmneto: ['model', 'shapes', 'input_names', 'output_names', 'descs', 'net_name', 'opt', 'dyn', 'outdir', 'target', 'cmp', 'mode', 'enable_profile', 'list_ops'],
  bmnett: ['model', 'shapes', 'input_names', 'output_names', 'descs', 'net_name', 'opt', 'dyn', 'outdir', 'target', 'cmp', 'mode', 'enable_profile', 'list_ops'],
  bmnetm: ['model', 'weight', 'shapes', 'input_names', 'net_name', 'opt', 'dyn', 'outdir', 'target', 'cmp', 'mode', 'enable_profile', 'list_ops'],
};
const NEEDS_NAMES = new Set(['bmpaddle', 'bmnett']);
const NEEDS_SHAPES = new Set(['bmpaddle', 'bmnett', 'bmnetp', 'bmneto', 'bmnetm']);
const NEEDS_NET_NAME = new Set(['bmpaddle', 'bmnett', 'bmnetp', 'bmnetm']);
const ATC_OPTIONS = [
  'mode', 'model', 'weight', 'framework', 'output', 'soc_version', 'input_shape', 'input_format', 'out_nodes', 'output_type', 'input_fp16_nodes', 'precision_mode',
  'log', 'insert_op_conf', 'dynamic_batch_size', 'dynamic_image_size', 'dynamic_dims', 'op_select_implmode', 'fusion_switch_file', 'disable_reuse_memory',
  'enable_small_channel', 'buffer_optimize', 'core_type',
];

/** The option names in `args` (`--key=v`, `--key v`, and gflags' `-key=v`), each with its value when given with `=`. */
function givenOptions(args: readonly string[]): Map<string, string | undefined> {
  const given = new Map<string, string | undefined>();
  for (let i = 0; i < args.length; i++) {
    const m = /^--?([A-Za-z_][\w]*)(?:=(.*))?$/s.exec(args[i]);
    if (!m) continue;
    const next = args[i + 1];
    given.set(m[1], m[2] ?? (next !== undefined && !next.startsWith('-') ? next : undefined));
  }
  return given;
}

export function toolInvocation(request: ToolArgsRequest): ToolInvocation {
  const given = givenOptions(request.userArgs);
  const known = request.tool === 'atc' ? ATC_OPTIONS : BMNET_OPTIONS[request.tool];
  if (!known) throw new ArgumentsRejected(t('unknown tool {0}', request.tool));
  for (const key of given.keys()) {
    if (!known.includes(key)) throw new ArgumentsRejected(t('{0} has no option --{1}', request.tool, key));
  }
  const owned = request.tool === 'atc' ? ['model', 'weight', 'output'] : ['model', 'weight', 'outdir'];
  for (const key of owned) {
    if (given.has(key)) throw new ArgumentsRejected(t('--{0} is set by npu-deploy (the model is MODEL, the results go to the job folder and then to --out); leave it out of TOOL-ARGS', key));
  }
  const filled: string[] = [];
  const fill = (key: string, value: string) => {
    if (!given.has(key)) filled.push(`--${key}=${value}`);
  };
  return request.tool === 'atc' ? atcInvocation(request, given, filled, fill) : bmnetInvocation(request, given, filled, fill);
}

function bmnetInvocation(request: ToolArgsRequest, given: Map<string, string | undefined>, filled: string[], fill: (k: string, v: string) => void): ToolInvocation {
  const { tool, model } = request;
  filled.push(`--model=${request.remoteModel}`);
  if (request.remoteWeights && BMNET_OPTIONS[tool].includes('weight')) filled.push(`--weight=${request.remoteWeights}`);
  const target = given.get('target');
  if (given.has('target') && !(SOPHON_TARGETS as readonly string[]).includes(target ?? '')) {
    throw new ArgumentsRejected(t('--target must be one of {0}, not {1}', SOPHON_TARGETS.join(', '), target ?? ''));
  }
  fill('target', request.host.target ?? 'BM1684');
  const userShapes = given.get('shapes');
  const shapes = userShapes !== undefined ? parseShapesOption(userShapes) : undefined;
  const inputNames = given.get('input_names')?.split(',');
  if (shapes && inputNames && shapes.length !== inputNames.length) {
    throw new ArgumentsRejected(t('--shapes gives {0} shapes for the {1} names of --input_names', shapes.length, inputNames.length));
  }
  if (NEEDS_SHAPES.has(tool) && !given.has('shapes')) {
    if (!model) throw new ArgumentsRejected(t('{0} needs --shapes, and the model could not be read to fill it: give it in TOOL-ARGS', tool));
    fill('shapes', model.inputs.map((i) => `[${fixedShape(i).join(',')}]`).join(','));
  }
  if (NEEDS_NAMES.has(tool) && model) {
    fill('input_names', model.inputs.map((i) => i.name).join(','));
    fill('output_names', model.outputs.map((o) => o.name).join(','));
  }
  if (NEEDS_NET_NAME.has(tool)) fill('net_name', model?.name ?? 'net');
  filled.push(`--outdir=${request.jobFolder}`);
  return {
    words: [...toolCommand(tool), ...filled, ...request.userArgs],
    outputs: [
      { name: 'compilation.bmodel', required: true },
      { name: 'input_ref_data.dat', required: false },
      { name: 'output_ref_data.dat', required: false },
    ],
  };
}

function atcInvocation(request: ToolArgsRequest, given: Map<string, string | undefined>, filled: string[], fill: (k: string, v: string) => void): ToolInvocation {
  const { model } = request;
  const framework = model?.framework === 'caffe' ? '0' : model?.framework === 'paddle' ? undefined : ({ '.onnx': '5', '.pb': '3', '.air': '1' } as Record<string, string>)[request.extension];
  if (model?.framework === 'paddle') throw new ArgumentsRejected(t('ATC does not read Paddle models: export the model to ONNX (paddle2onnx) and convert that'));
  filled.push(`--model=${request.remoteModel}`);
  if (request.remoteWeights) filled.push(`--weight=${request.remoteWeights}`);
  if (framework) fill('framework', framework);
  const name = model?.name ?? 'model';
  filled.push(`--output=${request.jobFolder}/${name}`);
  fill('soc_version', request.host.socVersion ?? 'Ascend310');
  if (model && !given.has('input_shape')) fill('input_shape', model.inputs.map((i) => `${i.name}:${fixedShape(i).join(',')}`).join(';'));
  return { words: [...toolCommand('atc'), ...filled, ...request.userArgs], outputs: [{ name: `${name}.om`, required: true }] };
}

/** A model input's shape with a `-1` first dimension (the batch) made 1; any other unknown is the user's to give. */
export function fixedShape(input: TensorSummary): number[] {
  if (!input.shape) throw new ArgumentsRejected(t('the shape of input {0} is not known from the model: give the shapes in TOOL-ARGS', input.name));
  return input.shape.map((d, i) => {
    if (d >= 0) return d;
    if (i === 0) return 1;
    throw new ArgumentsRejected(t('input {0} has an unknown dimension {1} (shape [{2}]): give the shapes in TOOL-ARGS', input.name, i, input.shape!.join(', ')));
  });
}

/** `[1,3,224,224],[1,2]` or `[[…],[…]]` as lists of dims. */
function parseShapesOption(text: string): number[][] {
  let s = text.replace(/\s+/g, '');
  if (/^\[\[.*\]\]$/.test(s)) s = s.slice(1, -1);
  if (!/^\[\d+(,\d+)*\](,\[\d+(,\d+)*\])*$/.test(s)) throw new ArgumentsRejected(t('--shapes {0} is not a list of shapes such as [1,3,224,224],[1,2]', text));
  return [...s.matchAll(/\[([\d,]+)\]/g)].map((m) => m[1].split(',').map(Number));
}
