// Checks of a command against the Caffe prototxt it names (read through the same ModelLookups):
// bmnetc and bmnetu take one shape per net input; ATC's --input_shape names net inputs;
// calibration_use_pb's -fpfwd_* name layers of the prototxt, and -accuracy_opt only helps a net
// with depthwise convolutions.

import { ModelFormatError } from '../errors';
import type { GraphNode } from '../graph/graph';
import { t } from '../l10n';
import type { OpenedModel } from '../model';
import type { Reporter } from './argDiagnostic';
import { didYouMean } from './didYouMean';
import { knownValue, type Invocation } from './invocation';
import type { ModelLookups } from './modelChecks';
import { spanOf, type Piece } from './shellWords';
import { parseInputShape, parseShapes } from './valueGrammars';

/** Tools whose model option is a prototxt this project reads. */
export function readsPrototxt(inv: Invocation): boolean {
  const tool = inv.tool.tool;
  if (tool === 'bmnetc' || tool === 'bmnetu' || tool === 'calibration_use_pb') return true;
  return tool === 'atc' && knownValue(inv, 'framework')?.text === '0';
}

export async function checkAgainstPrototxt(inv: Invocation, value: Piece, target: string, lookups: ModelLookups, r: Reporter): Promise<void> {
  let model: Readonly<OpenedModel>;
  try {
    model = await lookups.open(target);
  } catch (e) {
    if (!(e instanceof ModelFormatError)) throw e;
    const [start, end] = spanOf(value, 0, value.text.length);
    r.report('error', `${inv.tool.tool}.model-unreadable`, start, end, e.detail);
    return;
  }
  if (model.framework !== 'caffe') return;
  if (inv.tool.tool === 'atc') checkAtcNames(inv, model, r);
  else if (inv.tool.tool === 'calibration_use_pb') checkCalibration(inv, model, r);
  else checkShapeCount(inv, model, r);
}

function checkShapeCount(inv: Invocation, model: Readonly<OpenedModel>, r: Reporter): void {
  const shapes = knownValue(inv, 'shapes');
  if (!shapes || model.inputs.length === 0) return;
  const parsed = parseShapes(shapes.text);
  if (parsed.error || parsed.shapes.length === model.inputs.length) return;
  const [start, end] = spanOf(shapes, 0, shapes.text.length);
  r.report('error', `${inv.tool.tool}.shapes-count`, start, end, t('{0} shapes for a net of {1} inputs ({2}): give one shape per input, in this order', parsed.shapes.length, model.inputs.length, model.inputs.map((i) => i.name).join(', ')));
}

function checkAtcNames(inv: Invocation, model: Readonly<OpenedModel>, r: Reporter): void {
  const value = knownValue(inv, 'input_shape');
  if (!value) return;
  const parsed = parseInputShape(value.text);
  if (parsed.error) return;
  const names = model.inputs.map((i) => i.name);
  for (const entry of parsed.entries) {
    if (names.includes(entry.name)) continue;
    const [start, end] = spanOf(value, entry.nameSpan.from, entry.nameSpan.to);
    const near = names.length === 1 ? names[0] : didYouMean(entry.name, names);
    r.report('error', 'atc.unknown-input-name', start, end, t('the model has no input {0}; its inputs, in order: {1}', entry.name, names.join(', ')), near ? [{ title: t('Change to {0}', near), edits: [{ start, end, newText: near }] }] : []);
  }
}

function isDepthwise(node: GraphNode): boolean {
  if (/depthwise/i.test(node.type)) return true;
  if (node.type !== 'Convolution') return false;
  const param = node.attributes.convolution_param as { group?: number; num_output?: number } | undefined;
  return !!param && typeof param.group === 'number' && param.group > 1 && param.group === param.num_output;
}

function checkCalibration(inv: Invocation, model: Readonly<OpenedModel>, r: Reporter): void {
  const layers = model.graph.nodes.map((n) => n.name);
  const known = new Set(layers);
  for (const option of ['fpfwd_inputs', 'fpfwd_outputs', 'fpfwd_blocks']) {
    const value = knownValue(inv, option);
    if (!value) continue;
    let from = 0;
    for (const raw of value.text.split(',')) {
      const name = raw.trim();
      const lead = raw.length - raw.trimStart().length;
      if (name && !known.has(name)) {
        const [start, end] = spanOf(value, from + lead, from + lead + name.length);
        const near = didYouMean(name, layers);
        r.report('error', 'calibration_use_pb.unknown-layer', start, end, near ? t('the prototxt has no layer {0}; did you mean {1}?', name, near) : t('the prototxt has no layer {0}', name), near ? [{ title: t('Change to {0}', near), edits: [{ start, end, newText: near }] }] : []);
      }
      from += raw.length + 1;
    }
  }
  const accuracy = inv.options.filter((o) => o.name === 'accuracy_opt').pop();
  const on = accuracy && (!accuracy.value || /^(true|1)$/i.test(accuracy.value.text));
  if (accuracy && on && !accuracy.value?.unknown && !model.graph.nodes.some(isDepthwise)) {
    r.report('info', 'calibration_use_pb.accuracy-opt-no-depthwise', accuracy.start, accuracy.end, t('-accuracy_opt keeps depthwise convolutions in higher precision, and this net has none: it only slows the model'));
  }
}
