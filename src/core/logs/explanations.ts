// What a vendor's error or warning means and what to do about it, in English and (through t())
// Chinese, for the Problems panel, job results and `npu-deploy log`. Codes first (ATC's E10001 …,
// bmcompiler's `BMCompiler:E` tag); the tools that print no codes (bmrt_test's FATAL lines, msame's
// [ERROR]s, npz_tool's verdicts, msaccucmp, tpu_model) by the text of their messages. Meanings
// follow ../shared/toolchains.md; the advice is the vendors' (FAQ, error-code JSON) where they give it.
import { t } from '../l10n';
import type { LogTool } from './logReport';

export interface Explanation {
  meaning: string;
  action: string;
}

interface Rule {
  /** An exact code, or a pattern for a code family. */
  code?: string | RegExp;
  /** A pattern on the message, for tools that print no code. */
  message?: RegExp;
  tools?: readonly LogTool[];
  explain: () => Explanation;
}

const e = (meaning: string, action: string): Explanation => ({ meaning, action });

// Specific rules before families: the first that matches wins.
const RULES: Rule[] = [
  // ATC (GE error-code JSON, toolchains.md §6.3).
  { code: 'E10001', explain: () => e(t('An ATC option has a value it does not accept; the Reason part says why.'), t('Fix the value of the named option (see atc --help for the allowed values), or give the input shape the reason asks for.')) },
  { code: 'E10002', explain: () => e(t('--input_shape is not written as name:n,c,h,w;name2:…'), t('Write each input as name:dims, inputs separated by ";", dims by ","; quote the value in the shell.')) },
  { code: 'E10003', explain: () => e(t('An ATC option has an invalid value.'), t('Fix the value as the Reason part says.')) },
  { code: 'E10004', explain: () => e(t('A required ATC option is empty.'), t('Give the named option (--model, --output and --soc_version are required to build an .om).')) },
  { code: /^E1000[56]$/, explain: () => e(t('An ATC switch takes only true/false or 1/0.'), t('Write the switch as true or false (or 1 or 0), as the message says.')) },
  { code: 'E10007', explain: () => e(t('--framework is missing or not one of 0 (Caffe), 1 (MindSpore), 3 (TensorFlow), 5 (ONNX).'), t('Add --framework with the number of the model\'s framework.')) },
  { code: 'E10008', explain: () => e(t('A Caffe model (--framework=0) needs its weights.'), t('Add --weight=<model>.caffemodel.')) },
  { code: 'E10009', explain: () => e(t('Only one kind of dynamic shape can be set at a time.'), t('Keep one of --dynamic_batch_size, --dynamic_image_size, --dynamic_dims and --input_shape_range.')) },
  { code: 'E10010', explain: () => e(t('--log takes debug, info, warning, error or null.'), t('Use one of those values.')) },
  { code: /^E1001[18]$|^E100(19|20|31)$/, explain: () => e(t('A shape value in --input_shape is not allowed: dims must be positive, and -1 only where a dynamic option asks for it.'), t('Write fixed positive dims, or set -1 exactly where --dynamic_batch_size (N) or --dynamic_image_size (H, W) needs it.')) },
  { code: /^E1001[34]$/, explain: () => e(t('An ATC option value is out of range or invalid.'), t('Use a value within the range the option allows.')) },
  { code: 'E10016', explain: () => e(t('A node named in --input_shape or --out_nodes is not in the model.'), t('Check the names against the model\'s inputs and outputs (the graph viewer shows them); separate entries with ";".')) },
  { code: /^E1002[1-9]$|^E10030$/, explain: () => e(t('The output path or the single-op description is not usable.'), t('Give --output a writable path with a file name, shorter than the system limit.')) },
  { code: 'E10034', explain: () => e(t('An input cannot be both an fp16 input and an AIPP input.'), t('Remove the node from --input_fp16_nodes or from the AIPP config.')) },
  { code: /^E100(3[5-9]|4[05-6])$/, explain: () => e(t('The dynamic shape profiles are inconsistent (count, dims per profile, duplicates or ranges).'), t('Give each profile as many values as there are -1 axes, without duplicates, and do not mix "~" ranges with the dynamic options.')) },
  { code: 'E10041', explain: () => e(t('ATC could not load the model file.'), t('Check the path and that --framework matches the file (0 Caffe, 3 TensorFlow, 5 ONNX).')) },
  { code: /^E100(47|56)$/, explain: () => e(t('Two options that exclude each other were both given.'), t('Keep only one of the two options named.')) },
  { code: 'E10054', explain: () => e(t('A required ATC option is empty, or a value with special characters was not quoted.'), t('Give the option, and quote values containing ";" or spaces.')) },
  { code: 'E10057', explain: () => e(t('--mode=6 (display om info) only goes with --om.'), t('Run atc --mode=6 --om=<file>.om without other options.')) },
  { code: 'E10410', explain: () => e(t('A file given to ATC does not exist.'), t('Check the path of the named file on the host.')) },
  { code: 'E10501', explain: () => e(t('An operator type of the model has no IR registered in this CANN.'), t('Replace the operator, or use a CANN version that supports it.')) },
  { code: 'E11001', explain: () => e(t('The prototxt sets input_dim and input_shape together.'), t('Keep one way of declaring the input shape.')) },
  { code: 'E11003', explain: () => e(t('The prototxt\'s input_dim count is not four per input.'), t('Give four input_dim values (n, c, h, w) for each input.')) },
  { code: 'E11008', explain: () => e(t('Caffe DetectionOutput is not supported by ATC.'), t('Replace it with SSDDetectionOutput or FSRDetectionOutput in the prototxt.')) },
  { code: 'E11009', explain: () => e(t('A Caffe layer type has no parser in ATC.'), t('Replace the layer with supported ones, or register a custom operator plug-in.')) },
  { code: 'E11012', explain: () => e(t('A layer reads a blob that no earlier layer writes.'), t('Fix the bottom name in the prototxt (the graph viewer marks the broken link).')) },
  { code: /^E11\d{3}$/, explain: () => e(t('ATC could not parse the Caffe model.'), t('Check the prototxt and caffemodel belong together; the message names the layer.')) },
  { code: 'E19010', explain: () => e(t('No ATC parser for this ONNX operator and opset.'), t('Export the ONNX model with a lower opset (11 to 13 are safest), or replace the operator.')) },
  { code: /^E16\d{3}$/, explain: () => e(t('ATC could not parse the ONNX model.'), t('Check the model with onnx.checker, and export it again with a supported opset.')) },
  { code: 'EZ3003', explain: () => e(t('No operator kernel on this chip implements the operator named.'), t('Replace the operator in the model, cut the model before it (sub-model export), or use a CANN version that has it.')) },
  { code: 'E20001', explain: () => e(t('An operator failed to compile.'), t('Check the operator\'s shapes and dtypes; set --log=error for the detail, and check CANN and the driver match.')) },
  { code: /^E4000\d$/, explain: () => e(t('CANN\'s Python part could not be imported.'), t('Source set_env.sh of the toolkit before running ATC, and check the Python version CANN supports.')) },
  { code: 'EC0010', explain: () => e(t('A Python module CANN needs could not be imported.'), t('Install CANN\'s Python dependencies (numpy, decorator, sympy …) for the Python that runs ATC.')) },
  { code: 'W11001', explain: () => e(t('The operator falls back to a lower-priority implementation: the model works, maybe slower.'), t('Nothing to do for correctness; for speed, try another CANN version or op_select_implmode.')) },
  { code: /^E1\d{4}$/, explain: () => e(t('ATC rejected its arguments or the graph.'), t('Read the message and fix the option or the model it names.')) },
  { code: /^W\d{5}$/, explain: () => e(t('An ATC warning: the model was built.'), t('Check whether the warning matters for your deployment.')) },
  // bmcompiler's glog tags.
  { code: 'BMCompiler:F', explain: () => e(t('bmcompiler stopped on a fatal check.'), t('If it failed in its compare step, compile again with --cmp=false and check accuracy at the application level; otherwise the message names the layer to look at.')) },
  { code: 'BMCompiler:E', explain: () => e(t('bmcompiler reports an error in a layer or the net parameters.'), t('Check the layer it names (shape, unsupported parameters); BMCOMPILER_STAT_ERR=1 prints per-layer error statistics.')) },
  { code: 'BMCompiler:W', explain: () => e(t('bmcompiler warns about a layer; the compile goes on.'), t('Check the layer if the result differs from the original model.')) },
  // Tools without codes, by their messages.
  { tools: ['bmcompiler'], message: /compare failed|cmp failed/i, explain: () => e(t('The compile failed in its compare step: accumulated error (OCR detection, many additions or divisions, sorting ops) can cause this.'), t('Compile again with --cmp=false and verify accuracy at the application level.')) },
  { tools: ['bmcompiler'], message: /unrecognized arguments|arguments are required|unknown command line flag/, explain: () => e(t('The compiler rejected its command line.'), t('Fix the options named (npu-deploy check shows the compiler\'s option rules).')) },
  { message: /no context files/, tools: ['bmrt_test'], explain: () => e(t('bmrt_test was given neither --context_dir nor --bmodel.'), t('Give --context_dir with the compile\'s output folder, or --bmodel with the model.')) },
  { message: /can't use dir and bmodel/, tools: ['bmrt_test'], explain: () => e(t('bmrt_test takes --context_dir or --bmodel, not both.'), t('Keep one of them.')) },
  { message: /should larger than 0/, tools: ['bmrt_test'], explain: () => e(t('A count option of bmrt_test must be at least 1.'), t('Give --loopnum or --thread_num a positive number.')) },
  { message: /cannot open file|Failed to fread reference data/, tools: ['bmrt_test'], explain: () => e(t('bmrt_test could not read the compile\'s reference data.'), t('Compile with --cmp=true so input_ref_data.dat and output_ref_data.dat are written, or run with --bmodel (no compare).')) },
  { message: /Load bmodel\[.*\] failed/, tools: ['bmrt_test'], explain: () => e(t('The bmodel could not be loaded.'), t('Check the file was copied whole and was compiled for this chip (bm_model.bin --info shows its chip).')) },
  { message: /bm_dev_request failed|Cannot get chipid|Not same chipid/, tools: ['bmrt_test'], explain: () => e(t('The device could not be opened.'), t('Check the driver with bm-smi and the device id (--devid).')) },
  { message: /cmp failed|output failed!|(?:rel|abs) warning at index|error at index/, tools: ['bmrt_test'], explain: () => e(t('The device\'s output differs from the compile\'s reference beyond the tolerance.'), t('Compare layer by layer to find where it goes wrong; sort, top-k, NMS and random ops may differ without harm.')) },
  { message: /is not a test case|Unknown option|bmodel_list/, tools: ['bmrt_test'], explain: () => e(t('bmrt_test rejected an option.'), t('Check the option against bmrt_test --help.')) },
  { message: /is not correct/, tools: ['bmodel-info'], explain: () => e(t('The file is not a bmodel, or it is damaged.'), t('Check the path, and copy the bmodel again.')) },
  { message: /model file type is not \.om/, tools: ['msame', 'ais-bench'], explain: () => e(t('The model given is not an .om file.'), t('Convert the model with ATC first and pass the .om.')) },
  { message: /loop must in|device id must in|dymBatch must in|dynamiHW size error|cannot be set at the same time|both be true|unknown paramenter|Invalid params/, tools: ['msame', 'ais-bench'], explain: () => e(t('The runner rejected an option.'), t('Fix the option named (msame exits 0 after some of these: the log, not the status, tells).')) },
  { message: /init resource failed|open device|acl init/i, tools: ['msame', 'ais-bench'], explain: () => e(t('The runtime could not set up the device or load the model.'), t('Check npu-smi info, that the .om was built for this chip (--soc_version), and the driver and CANN versions.')) },
  { message: /does not have permission/, tools: ['msame', 'ais-bench'], explain: () => e(t('The output folder could not be created.'), t('Give --output a folder the user can write.')) },
  { message: /NOT_SIMLIAR|NOT_SIMILAR|NOT_EQUAL|NOT_MATCH|npz compare FAILED/, tools: ['npz-compare', 'tpu-mlir'], explain: () => e(t('A tensor differs from the reference beyond the tolerance (cosine, euclidean similarity).'), t('Look at the first failing tensor: that layer, not the ones after it, is where the error starts; consider keeping it in float (quantize table).')) },
  { message: /\[!Error\]/, tools: ['tpu-mlir'], explain: () => e(t('A TPU-MLIR step failed; the command it ran is named.'), t('Run that command alone with --debug for its own error message.')) },
  { message: /Basic error running|Invalid param|takes effect only when|can not be used at the same time/, tools: ['msaccucmp'], explain: () => e(t('msaccucmp rejected its arguments or stopped on an unexpected error.'), t('Check the dump and golden paths and the fusion-rule JSON (-f) the options need.')) },
  { message: /There is no (?:dump file|the ground truth dump file)|does not match/, tools: ['msaccucmp'], explain: () => e(t('A tensor has no counterpart on the other side, or the shapes differ.'), t('Use the fusion-rule JSON of this .om (atc --mode=1) and golden dumps of the same input.')) },
];

// A coded entry's rule depends on its tool and code alone (no code rule looks at the message):
// remembered, since a build log may repeat one warning for every operator. The rule, not its
// text, is kept: the text follows the locale configured at the time of asking.
const ruleOfCode = new Map<string, Rule | null>();

/** The explanation of an error or warning, or undefined when none is known. */
export function explain(tool: LogTool, entry: { code: string | null; message: string }): Explanation | undefined {
  if (entry.code === null) return findRule(tool, entry)?.explain();
  const key = `${tool}\u0000${entry.code}`;
  let rule = ruleOfCode.get(key);
  if (rule === undefined) {
    rule = findRule(tool, entry) ?? null;
    ruleOfCode.set(key, rule);
  }
  return rule?.explain();
}

function findRule(tool: LogTool, entry: { code: string | null; message: string }): Rule | undefined {
  for (const rule of RULES) {
    if (rule.tools && !rule.tools.includes(tool)) continue;
    if (rule.code !== undefined) {
      if (entry.code === null || !(typeof rule.code === 'string' ? rule.code === entry.code : rule.code.test(entry.code))) continue;
    }
    if (rule.message && !rule.message.test(entry.message)) continue;
    if (rule.code === undefined && !rule.message) continue;
    return rule;
  }
  return undefined;
}

/** The explanation as one sentence pair, for a Problems entry or a summary line. */
export function explanationText(explanation: Explanation): string {
  return t('{0} What to do: {1}', explanation.meaning, explanation.action);
}
