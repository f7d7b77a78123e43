// The conversion form's fields, as data: prefilled from the model (input names and shapes, output
// names, net name, the tool's documented defaults, --descs for a detector's extra inputs) and the
// host (target, soc_version), then turned back into the TOOL-ARGS of `npu-deploy convert`, its
// command line, and an `npu-deploy` task. Pure: the webview shows these fields, the extension
// opens the model, and the tests check the prefill on real models.

import * as path from 'node:path';
import type { HostConfig, HostKind } from '../hosts/hostsFile';
import { shellLine } from '../hosts/shellQuote';
import type { OpenedModel, TensorSummary } from '../model';
import { toolNamed } from '../args/invocation';
import { assignmentPrefix, STAT_ERR_VARIABLE } from './compilerEnv';
import { defaultTool } from './toolChoice';

/** The fields, each a tool option (`inputNames` is `--input_names`) but model, host, tool and outDir. */
export interface ConversionForm {
  /** The model file or folder, absolute. */
  model: string;
  kind: HostKind;
  host: string;
  tool: string;
  inputNames: string;
  /** `[1,3,224,224],[1,2]`; a dimension the model leaves open (other than the batch) is `?`. */
  shapes: string;
  outputNames: string;
  netName: string;
  target: string;
  opt: string;
  cmp: string;
  /** '1': per-layer error statistics in the compare step (BMCOMPILER_STAT_ERR=1 on the host); '0' not. */
  statErr: string;
  descs: string;
  framework: string;
  /** ATC's `name:1,3,224,224;name2:1,2`, with `?` for an open dimension. */
  inputShape: string;
  socVersion: string;
  /** ATC's Caffe weights: the .caffemodel found beside the prototxt (npu-deploy passes it itself). */
  weight: string;
  /** Where the results land: the model's folder by default. */
  outDir: string;
}

export type FormField = Exclude<keyof ConversionForm, 'model' | 'kind'>;

/** The form's fields that are tool options, with the option each one sets: the bmnet tools' … */
const BMNET_FIELDS: Readonly<Partial<Record<FormField, string>>> = {
  inputNames: 'input_names',
  outputNames: 'output_names',
  shapes: 'shapes',
  descs: 'descs',
  netName: 'net_name',
  target: 'target',
  opt: 'opt',
  cmp: 'cmp',
};
/** … and ATC's. */
const ATC_FIELDS: Readonly<Partial<Record<FormField, string>>> = {
  framework: 'framework',
  inputShape: 'input_shape',
  socVersion: 'soc_version',
};

/** The fields of `tool` that set an option, with the option each one sets, in the form's order. */
export function optionFields(tool: string): [FormField, string][] {
  const spec = toolNamed(tool);
  return (Object.entries(tool === 'atc' ? ATC_FIELDS : BMNET_FIELDS) as [FormField, string][]).filter(([, option]) => spec?.options.has(option));
}

/** Written where a dimension is asked of the user. */
export const OPEN_DIMENSION = '?';

/** The extra inputs of PaddleDetection's exported detectors, which the compare step must not fill at random. */
const DETECTION_EXTRA_INPUTS = ['im_size', 'im_shape', 'scale_factor'];

/**
 * The fields the form shows for `tool`: the options it takes (ATC's Caffe weights shown, not
 * set), and per-layer error statistics beside --cmp for the tools that compare while compiling.
 */
export function formFields(tool: string): FormField[] {
  const fields: FormField[] = ['host', 'tool'];
  for (const [field] of optionFields(tool)) {
    fields.push(field);
    if (field === 'cmp') fields.push('statErr');
  }
  if (tool === 'atc') fields.push('weight');
  fields.push('outDir');
  return fields;
}

export interface PrefillRequest {
  /** The model file or folder, absolute. */
  model: string;
  kind: HostKind;
  /** The configured hosts of that kind; the first is chosen. */
  hosts: readonly HostConfig[];
  /** What openConversionModel read; undefined for the formats not read here (.onnx, .pt, .pb, .cfg). */
  opened: Readonly<OpenedModel> | undefined;
}

/** The form as it opens. */
export function prefillConversionForm(request: PrefillRequest): ConversionForm {
  const { opened, kind } = request;
  const host = request.hosts[0];
  const tool = defaultTool(request.model, opened?.framework, kind) ?? (kind === 'ascend' ? 'atc' : 'bmneto');
  const inputs = opened?.inputs ?? [];
  const spec = toolNamed(tool);
  const imageSide = detectionImageSide(inputs);
  const descs = inputs
    .map((input, i) => ({ input, i }))
    .filter(({ input }) => DETECTION_EXTRA_INPUTS.includes(input.name))
    .map(({ input, i }) => descOf(input.name, i, imageSide))
    .join(',');
  const folder = opened ? path.dirname(opened.file) : isFolderModel(request.model) ? request.model : path.dirname(request.model);
  return {
    model: request.model,
    kind,
    host: host?.name ?? '',
    tool,
    inputNames: inputs.map((i) => i.name).join(','),
    shapes: inputs.map((i) => `[${formShape(i).join(',')}]`).join(','),
    outputNames: (opened?.outputs ?? []).map((o) => o.name).join(','),
    netName: opened?.name ?? path.basename(request.model).replace(/\.[^.]+$/, ''),
    target: host?.target ?? 'BM1684',
    opt: spec?.options.get('opt')?.defaultValue ?? '',
    cmp: 'true',
    statErr: '0',
    descs: spec?.options.has('descs') ? descs : '',
    framework: atcFramework(request.model, opened),
    inputShape: inputs.map((i) => `${i.name}:${formShape(i).join(',')}`).join(';'),
    socVersion: host?.socVersion ?? 'Ascend310',
    weight: opened?.framework === 'caffe' ? (opened.weights?.files[0] ?? '') : '',
    outDir: folder,
  };
}

/**
 * The model as the tool is pointed at it: bmpaddle takes the folder holding the program (convert
 * uploads that folder), the other tools the file.
 */
export function toolModelPath(form: Pick<ConversionForm, 'model' | 'tool'>): string {
  return form.tool === 'bmpaddle' && !isFolderModel(form.model) ? path.dirname(form.model) : form.model;
}

/** A model given as a folder (a Paddle model directory) rather than a file. */
function isFolderModel(model: string): boolean {
  return path.extname(model) === '' && !/(^|[\\/])(__model__|model)$/.test(model);
}

/** The dimensions as the form shows them: a `-1` batch made 1, any other open one `?` (asked for). */
export function formShape(input: TensorSummary): (number | typeof OPEN_DIMENSION)[] {
  if (!input.shape) return [OPEN_DIMENSION];
  return input.shape.map((d, i) => (d >= 0 ? d : i === 0 ? 1 : OPEN_DIMENSION));
}

/** The side of a detector's square image input (`image` [-1,3,608,608] → 608), when fixed. */
function detectionImageSide(inputs: readonly TensorSummary[]): number | undefined {
  const image = inputs.find((i) => i.shape?.length === 4 && !DETECTION_EXTRA_INPUTS.includes(i.name));
  const h = image?.shape?.[2];
  return h !== undefined && h > 0 ? h : undefined;
}

/**
 * A --descs entry for one extra input: the image size pinned (the range is half-open, so
 * `608,609` is 608) for im_size / im_shape, and a scale of 1 for scale_factor.
 */
function descOf(name: string, index: number, side: number | undefined): string {
  if (name === 'scale_factor') return `[${index},fp32,1,2]`;
  const s = side ?? 608;
  return `[${index},${name === 'im_size' ? 'int32' : 'fp32'},${s},${s + 1}]`;
}

/** ATC's --framework: 0 Caffe, 3 TensorFlow, 5 ONNX, 1 MindSpore; '' when ATC does not take the model. */
function atcFramework(model: string, opened: Readonly<OpenedModel> | undefined): string {
  if (opened?.framework === 'caffe') return '0';
  if (opened) return '';
  return ({ '.onnx': '5', '.pb': '3', '.air': '1', '.mindir': '1' } as Record<string, string>)[path.extname(model).toLowerCase()] ?? '';
}

/** The TOOL-ARGS the form stands for: one `--option=value` word per filled field the tool takes. */
export function formToolArgs(form: ConversionForm): string[] {
  const args: string[] = [];
  for (const [field, option] of optionFields(form.tool)) {
    const value = form[field].trim();
    if (value !== '') args.push(`--${option}=${value}`);
  }
  return args;
}

/** The compiler's environment variables the form sets (compilerEnv.ts), for the tool it shows them with. */
export function formEnv(form: ConversionForm): Record<string, string> {
  return form.statErr === '1' && formFields(form.tool).includes('statErr') ? { [STAT_ERR_VARIABLE]: '1' } : {};
}

/** The `npu-deploy convert` words of the form (the CLI's contract): model, host, tool, out, then TOOL-ARGS. */
export function formCommandWords(form: ConversionForm): string[] {
  const words = ['npu-deploy', 'convert', form.model, '--host', form.host, '--tool', form.tool];
  if (form.outDir.trim() !== '') words.push('--out', form.outDir.trim());
  const args = formToolArgs(form);
  if (args.length > 0) words.push('--', ...args);
  return words;
}

/**
 * The command line to paste in a shell, every word quoted as the shell needs, the compiler's
 * variables before it (`BMCOMPILER_STAT_ERR=1 npu-deploy convert …`: the CLI passes them on).
 */
export function formCommandLine(form: ConversionForm): string {
  return `${assignmentPrefix(formEnv(form))}${shellLine(formCommandWords(form))}`;
}
