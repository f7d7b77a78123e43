// The BMNNSDK2 / NNTC front-end compilers (bmnetc, bmnett, bmnetm, bmnetp, bmnetd, bmneto,
// bmpaddle, bmnetu): the option matrix of ../shared/toolchains.md §1.2. `--outdir` is marked
// required by the manual but the vendor's own scripts leave it out (the bmodel then goes to
// ./compilation), so it is optional here: a warning on the vendor's scripts would be a false alarm.

import { t } from '../l10n';
import { toolSpec, type OptionSpec, type ToolSpec } from './optionSpec';

export const SOPHON_TARGETS = ['BM1682', 'BM1684', 'BM1684X'] as const;

type Cell = 'R' | 'O';

const modelDoc = (what: string) => () => t('The model to compile: {0}.', what);
const weightDoc = (what: string) => () => t('The weights file: {0}.', what);

function common(name: string, required: boolean, defaultValue?: string): OptionSpec {
  const base = { required, defaultValue };
  switch (name) {
    case 'shapes':
      return { ...base, name, kind: 'shapes', doc: () => t('Input shapes, one [n,c,h,w] list per input in input order, for example [1,3,224,224],[1,2].') };
    case 'input_names':
      return { ...base, name, kind: 'names', doc: () => t('Names of the model inputs, comma-separated, in input order.') };
    case 'output_names':
      return { ...base, name, kind: 'names', doc: () => t('Names of the model outputs to compile, comma-separated.') };
    case 'descs':
      return { ...base, name, kind: 'descs', doc: () => t('Value ranges of inputs for the compile-time comparison: [index,dtype,lower,upper], upper excluded (to pin an integer input at 608 write 608,609). Inputs not described get [x,float,0,1].') };
    case 'net_name':
      return { ...base, name, kind: 'text', doc: () => t('The network name stored in the bmodel.') };
    case 'opt':
      return { ...base, name, kind: 'enum', values: ['0', '1', '2'], doc: () => t('Optimisation level: 0, 1 or 2.') };
    case 'dyn':
      return { ...base, name, kind: 'bool', defaultValue: 'false', doc: () => t('Compile for dynamic input shapes.') };
    case 'outdir':
      return { ...base, name, kind: 'path', defaultValue: 'compilation', doc: () => t('Output folder of compilation.bmodel (and of the reference data when cmp is on).') };
    case 'target':
      return { ...base, name, kind: 'enum', values: SOPHON_TARGETS, doc: () => t('The chip to compile for: BM1682, BM1684 or BM1684X.') };
    case 'cmp':
      return { ...base, name, kind: 'bool', defaultValue: 'true', doc: () => t('Compare every layer with a CPU reference while compiling, on random inputs drawn from the --descs ranges.') };
    case 'enable_profile':
      return { ...base, name, kind: 'bool', defaultValue: 'false', doc: () => t('Write the compiler profile data.') };
    case 'list_ops':
      return { ...base, name, kind: 'flag', doc: () => t('Print the supported operators and exit.') };
    case 'show_args':
      return { ...base, name, kind: 'flag', doc: () => t('Print the arguments and exit.') };
    case 'log_dir':
      return { ...base, name, kind: 'path', doc: () => t('Folder for the log files.') };
    case 'v':
      return { ...base, name, kind: 'int', defaultValue: '0', doc: () => t('Log verbosity: 0 FATAL, 1 ERROR, 2 WARNING, 3 INFO, 4 DEBUG.') };
    case 'dump_ref':
      return { ...base, name, kind: 'bool', defaultValue: 'false', doc: () => t('Write the reference data even when compiling without comparison.') };
    case 'prec':
      return { ...base, name, kind: 'enum', values: ['FP32', 'INT8'], defaultValue: 'FP32', doc: () => t('Precision of the umodel: FP32 or INT8.') };
    case 'use_wino':
      return { ...base, name, kind: 'bool', doc: () => t('Use Winograd convolution for the whole net (default: as the model says).') };
    case 'max_n':
      return { ...base, name, kind: 'int', doc: () => t('The largest batch size to compile for.') };
    default:
      throw new Error(`no option ${name}`);
  }
}

function modeOption(values: readonly string[]): OptionSpec {
  return { name: 'mode', kind: 'enum', values, defaultValue: 'compile', doc: () => t('compile writes a bmodel; GenUmodel writes a umodel for INT8 quantisation.') };
}

/** One tool's column of the matrix: option name → R, O or a default shown on hover. */
function sophonTool(tool: string, singleDash: boolean, model: string | (() => string), weight: string | undefined, cells: Record<string, Cell | [Cell, string]>, extra: OptionSpec[] = []): ToolSpec {
  const options: OptionSpec[] = [{ name: 'model', kind: 'path', required: true, doc: typeof model === 'string' ? modelDoc(model) : model }];
  if (weight) options.push({ name: 'weight', kind: 'path', required: true, doc: weightDoc(weight) });
  for (const [name, cell] of Object.entries(cells)) {
    const [mark, defaultValue] = Array.isArray(cell) ? cell : [cell, undefined];
    options.push(common(name, mark === 'R', defaultValue));
  }
  return toolSpec(tool, 'bmnet', singleDash, [...options, ...extra], 'model');
}

const COMPILE_MODES = ['compile', 'GenUmodel'];
const usual = { outdir: 'O', dyn: 'O', cmp: 'O', enable_profile: 'O' } as const;

export const sophonTools: ToolSpec[] = [
  sophonTool('bmnetc', true, '.prototxt', '.caffemodel', { shapes: 'O', net_name: 'O', opt: ['O', '2'], target: 'R', list_ops: 'O', show_args: 'O', ...usual }, [modeOption(COMPILE_MODES)]),
  sophonTool('bmnett', false, '.pb', undefined, { shapes: 'R', input_names: 'R', output_names: 'R', descs: 'O', net_name: 'R', opt: ['O', '2'], target: 'R', list_ops: 'O', ...usual }, [modeOption(COMPILE_MODES)]),
  sophonTool('bmnetm', false, '-symbol.json', '.params', { shapes: 'R', input_names: ['O', 'data'], net_name: 'R', opt: ['O', '1'], target: 'R', list_ops: 'O', ...usual }, [modeOption(COMPILE_MODES)]),
  sophonTool('bmnetp', false, 'torch.jit.trace .pt', undefined, { shapes: 'R', net_name: 'R', opt: ['O', '1'], target: 'R', list_ops: 'O', ...usual }, [modeOption(COMPILE_MODES)]),
  sophonTool('bmnetd', true, '.cfg', '.weights', { shapes: 'O', net_name: 'O', opt: ['O', '2'], target: 'R', log_dir: 'O', v: 'O', dump_ref: 'O', ...usual }, [
    modeOption(COMPILE_MODES),
    // The manual's table spells it `weights`; the binary takes `weight`. Either is accepted.
    { name: 'weights', kind: 'path', doc: weightDoc('.weights') },
  ]),
  sophonTool('bmneto', false, '.onnx', undefined, { shapes: 'R', input_names: 'O', output_names: 'O', descs: 'O', net_name: 'O', opt: ['O', '1'], target: 'R', list_ops: 'O', ...usual }, [modeOption(COMPILE_MODES)]),
  sophonTool('bmpaddle', false, () => t('The folder of the Paddle inference model: it holds __model__, or one *.pdmodel with its *.pdiparams (a folder, not a file).'), undefined, { shapes: 'R', input_names: 'R', output_names: 'R', descs: 'O', net_name: 'R', opt: ['O', '1'], target: 'R', list_ops: 'O', ...usual }, [
    modeOption(['compile', 'GenUmodel', 'summary', 'show', 'check']),
  ]),
  // bmnetu: the UFW int8 umodel; no --target in the manual (BM1684 implied), accepted when given.
  sophonTool('bmnetu', true, '*_deploy_int8_unique_top.prototxt', '.int8umodel or .fp32umodel', { shapes: 'O', net_name: 'O', opt: 'O', target: 'O', v: 'O', prec: 'O', use_wino: 'O', max_n: 'O', outdir: 'O', dyn: 'O', cmp: 'O' }, [modeOption(COMPILE_MODES)]),
];

/** Options that stand for one another: a required option is present when its alias is. */
export const OPTION_ALIASES: Record<string, Record<string, string>> = {
  bmnetd: { weights: 'weight' },
};
