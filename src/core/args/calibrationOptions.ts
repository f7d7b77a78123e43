// `calibration_use_pb quantize` (BMNNSDK2 UFW INT8 calibration), a gflags binary written with a
// single dash (`-model=…`, `-th_method=KL`). Options from the NNTC int8 manual and vendor
// scripts; the threshold methods are those the manual lists [doc], plus MAX and PERCENTILE9999
// seen in user scripts [inf].

import { t } from '../l10n';
import { toolSpec, type OptionSpec } from './optionSpec';

export const TH_METHODS = ['KL', 'SYMKL', 'JSD', 'ADMM', 'ABS_MAX', 'MAX', 'PERCENTILE9999'] as const;

const option = (name: string, kind: OptionSpec['kind'], doc: () => string, more: Partial<OptionSpec> = {}): OptionSpec => ({ name, kind, doc, ...more });

export const calibrationTool = toolSpec('calibration_use_pb', 'calibration', true, [
  option('model', 'path', () => t('The fp32 prototxt written by the umodel conversion (*_bmnetX_test_fp32.prototxt).'), { required: true }),
  option('weights', 'path', () => t('The fp32umodel written by the umodel conversion.'), { required: true }),
  option('iterations', 'int', () => t('How many batches of the calibration data to run.'), { defaultValue: '1' }),
  option('bitwidth', 'enum', () => t('Quantisation width: TO_INT8.'), { values: ['TO_INT8'], defaultValue: 'TO_INT8' }),
  option('th_method', 'enum', () => t('How each layer threshold is computed: one of KL, SYMKL, JSD, ADMM, ABS_MAX (one method a run).'), { values: TH_METHODS, defaultValue: 'KL' }),
  option('save_test_proto', 'bool', () => t('Also write a test prototxt of the quantised net.'), { defaultValue: 'false' }),
  option('graph_transform', 'bool', () => t('Apply graph transformations (fusions) before quantising.'), { defaultValue: 'false' }),
  option('winograd', 'bool', () => t('Quantise for Winograd convolution.'), { defaultValue: 'false' }),
  option('accuracy_opt', 'bool', () => t('Keep depthwise convolutions in higher precision; helps only models that have them, and slows the model.'), { defaultValue: 'false' }),
  option('conv_group', 'bool', () => t('Split grouped convolutions during calibration.'), { defaultValue: 'false' }),
  option('dump_dist', 'path', () => t('Write the activation distributions to this file (to reuse with -load_dist).')),
  option('load_dist', 'path', () => t('Read activation distributions written earlier with -dump_dist.')),
  option('fpfwd_inputs', 'names', () => t('Layers whose inputs stay in floating point, comma-separated layer names.')),
  option('fpfwd_outputs', 'names', () => t('Layers whose outputs stay in floating point, comma-separated layer names.')),
  option('fpfwd_blocks', 'names', () => t('Blocks that stay in floating point, comma-separated layer names.')),
  option('debug_log_level', 'int', () => t('Verbosity of the calibration log.')),
], 'model');
