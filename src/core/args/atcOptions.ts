// Huawei Ascend ATC (`atc`), from ../shared/toolchains.md §6.1 (graphengine's offline main.cc).
// gflags: `--name=value` or `--name value`, a single dash too. Which options are required
// depends on --mode (0, the default, needs --model, --framework, --output and --soc_version):
// checkAtc.ts decides that; the table says what each option takes.

import { t } from '../l10n';
import { toolSpec, type OptionSpec } from './optionSpec';

/** 0 Caffe, 1 MindSpore, 3 TensorFlow, 5 ONNX. */
export const ATC_FRAMEWORKS = ['0', '1', '3', '5'] as const;

/**
 * Chips seen in use. The valid set depends on the installed CANN (a gap in the fact sheet), so
 * this is matched as families: a value of one of these forms is accepted.
 */
export const ATC_SOC_VERSIONS = ['Ascend310', 'Ascend310B1', 'Ascend310B4', 'Ascend310P1', 'Ascend310P3', 'Ascend610', 'Ascend710', 'Ascend910', 'Ascend910A', 'Ascend910B', 'Ascend910B1', 'Ascend910B2', 'Ascend910B3', 'Ascend910B4', 'Ascend910ProB'] as const;
export const SOC_VERSION_FORM = /^Ascend(310|310B\d?|310P\d?|610|710|910|910A|910B\d?|910ProA|910ProB|910PremiumA)$/;

const option = (name: string, kind: OptionSpec['kind'], doc: () => string, more: Partial<OptionSpec> = {}): OptionSpec => ({ name, kind, doc, ...more });
const other = () => t('An ATC option; see the ATC manual for its values.');

export const atcTool = toolSpec('atc', 'atc', true, [
  option('mode', 'enum', () => t('0 generates an offline model (.om); 1 turns a model into JSON; 3 only pre-checks; 5 turns a GE dump into JSON; 6 shows an om file.'), { values: ['0', '1', '3', '5', '6'], defaultValue: '0' }),
  option('model', 'path', () => t('The model to convert: .prototxt (Caffe), .pb (TensorFlow), .onnx or .air.')),
  option('weight', 'path', () => t('The Caffe weights (.caffemodel); required with --framework=0.')),
  option('framework', 'enum', () => t('The framework of the model: 0 Caffe, 1 MindSpore, 3 TensorFlow, 5 ONNX.'), { values: ATC_FRAMEWORKS }),
  option('output', 'path', () => t('Path of the offline model, without the .om suffix that ATC appends.')),
  option('soc_version', 'enum', () => t('The Ascend chip to compile for, as the installed CANN names it (Ascend310, Ascend310P3, Ascend910B …).'), { values: ATC_SOC_VERSIONS }),
  option('input_shape', 'inputShape', () => t('Input shapes by input name: name:n,c,h,w;name2:d0,d1 (-1 for a dimension made dynamic by a dynamic_* option).')),
  option('input_shape_range', 'text', other),
  option('input_format', 'enum', () => t('Layout of the inputs: NCHW, NHWC, ND, NCDHW or NDHWC, depending on the framework.'), { values: ['NCHW', 'NHWC', 'ND', 'NCDHW', 'NDHWC'] }),
  option('out_nodes', 'text', () => t('Outputs to keep, as node:index pairs separated by semicolons.')),
  option('output_type', 'text', () => t('Data type of the outputs (FP32, FP16, UINT8 …), for all or per node.')),
  option('input_fp16_nodes', 'text', other),
  option('is_input_adjust_hw_layout', 'text', other),
  option('is_output_adjust_hw_layout', 'text', other),
  option('insert_op_conf', 'path', () => t('The AIPP configuration file (image pre-processing on the chip).')),
  option('op_name_map', 'path', other),
  option('dynamic_batch_size', 'text', () => t('Batch sizes to support, comma-separated; the batch dimension in --input_shape must be -1.')),
  option('dynamic_image_size', 'text', () => t('Image sizes to support as h,w pairs separated by semicolons; H and W in --input_shape must be -1.')),
  option('dynamic_dims', 'text', other),
  option('precision_mode', 'enum', () => t('How operators choose their precision; force_fp16 by default.'), { values: ['force_fp16', 'force_fp32', 'allow_mix_precision', 'allow_fp32_to_fp16', 'must_keep_origin_dtype', 'cube_fp16in_fp32out', 'force_lowerprecision', 'allow_mix_precision_fp16', 'allow_mix_precision_bf16'], defaultValue: 'force_fp16' }),
  option('precision_mode_v2', 'text', other),
  option('modify_mixlist', 'path', other),
  option('keep_dtype', 'path', other),
  option('op_precision_mode', 'path', other),
  option('compress_weight_conf', 'path', other),
  option('op_select_implmode', 'enum', other, { values: ['high_performance', 'high_precision', 'high_performance_for_all', 'high_precision_for_all'], defaultValue: 'high_performance' }),
  option('optypelist_for_implmode', 'text', other),
  option('log', 'enum', () => t('Log level on the screen: debug, info, warning, error or null.'), { values: ['debug', 'info', 'warning', 'error', 'null'], defaultValue: 'null' }),
  option('dump_mode', 'enum', other, { values: ['0', '1'], defaultValue: '0' }),
  option('om', 'path', other),
  option('json', 'path', other),
  option('check_report', 'path', other),
  option('disable_reuse_memory', 'enum', other, { values: ['0', '1'], defaultValue: '0' }),
  option('fusion_switch_file', 'path', () => t('A file switching fusion passes off, used to compare accuracy layer by layer.')),
  option('enable_small_channel', 'enum', other, { values: ['0', '1'], defaultValue: '0' }),
  option('enable_compress_weight', 'bool', other, { defaultValue: 'false' }),
  option('enable_single_stream', 'bool', other, { defaultValue: 'false' }),
  option('buffer_optimize', 'enum', other, { values: ['l2_optimize', 'l1_optimize', 'off_optimize'], defaultValue: 'l2_optimize' }),
  option('save_original_model', 'bool', other, { defaultValue: 'false' }),
  option('core_type', 'enum', other, { values: ['AiCore', 'VectorCore'], defaultValue: 'AiCore' }),
  option('aicore_num', 'int', other),
  option('singleop', 'path', other),
  option('auto_tune_mode', 'text', other),
  option('op_debug_level', 'enum', other, { values: ['0', '1', '2', '3', '4'], defaultValue: '0' }),
  option('debug_dir', 'path', other),
  option('op_compiler_cache_dir', 'path', other),
  option('op_compiler_cache_mode', 'enum', other, { values: ['disable', 'enable', 'force'] }),
  option('display_model_info', 'enum', other, { values: ['0', '1'], defaultValue: '0' }),
  option('device_id', 'int', other, { defaultValue: '0' }),
  option('mdl_bank_path', 'path', other),
  option('op_bank_path', 'path', other),
  option('enable_scope_fusion_passes', 'text', other),
  option('cal_conf', 'path', other),
  option('target', 'text', other),
  option('h', 'flag', other),
  option('help', 'flag', other),
], 'model');
