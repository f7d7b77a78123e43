// Checks of a command against the model it names, read through the ModelService (kept, and read
// again only when the file changes), the path taken from the script's folder: bmpaddle's
// --model must be the model's folder; a training checkpoint or a Paddle 3 PIR program is
// explained; input and output names must exist (the model's are offered, in its order); shapes
// must agree with the model's fixed dimensions; NMS-like models compared without --descs for
// their extra inputs get the vendor's warning.

import * as path from 'node:path';
import { ModelFormatError } from '../errors';
import { nodeFileAccess } from '../io/nodeFileAccess';
import { statOrUndefined, type FileAccess, type FileStat } from '../io/fileAccess';
import { readHead } from '../io/readHead';
import { t } from '../l10n';
import { pirRoutesMessage } from '../convert/pirRoutes';
import type { OpenedModel } from '../model';
import type { ModelService } from '../modelService';
import { exportAdvice, checkpointKind } from '../formats/paddle/checkpointDetect';
import { looksLikePirProgram } from '../formats/paddle/pirFormat';
import type { ArgDiagnostic, OffsetFix, Reporter } from './argDiagnostic';
import { checkAgainstPrototxt, readsPrototxt } from './caffeModelChecks';
import { written } from './checkOptions';
import { checkFrontEndFile, readsFrontEndFile } from './frontEndFileChecks';
import { knownValue, type Invocation } from './invocation';
import { spanOf, type Piece } from './shellWords';
import { parseShapes } from './valueGrammars';

const NMS_OPS = /nms/i;
const NMS_EXTRA_INPUTS = ['im_size', 'im_shape', 'scale_factor'];

/** `name=value` as this invocation writes an option, ready to append after its last argument. */
export function optionText(inv: Invocation, name: string, value: string[] | string): string {
  if (inv.syntax === 'python') {
    const v = Array.isArray(value) ? `[${value.map((s) => JSON.stringify(s)).join(', ')}]` : JSON.stringify(value);
    return `, ${name}=${v}`;
  }
  const v = Array.isArray(value) ? value.join(',') : value;
  return ` --${name}=${/^[A-Za-z0-9_.,/:@+-]*$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`}`;
}

/**
 * What one check of a script has looked up already: a script calls the compiler on the same
 * model many times, and each look-up through the ModelService costs a few stats.
 */
export class ModelLookups {
  private readonly stats = new Map<string, Promise<FileStat | undefined>>();
  private readonly models = new Map<string, Promise<Readonly<OpenedModel>>>();
  constructor(
    readonly service: ModelService,
    readonly fs: FileAccess = nodeFileAccess,
  ) {}
  stat(file: string): Promise<FileStat | undefined> {
    let found = this.stats.get(file);
    if (!found) this.stats.set(file, (found = statOrUndefined(this.fs, file)));
    return found;
  }
  open(file: string): Promise<Readonly<OpenedModel>> {
    let found = this.models.get(file);
    if (!found) this.models.set(file, (found = this.service.open(file, { fs: this.fs, noWeights: true })));
    return found;
  }
}

export async function checkAgainstModel(inv: Invocation, folder: string, lookups: ModelLookups, r: Reporter): Promise<void> {
  const fs = lookups.fs;
  if (readsFrontEndFile(inv)) return checkFrontEndFile(inv, folder, lookups, r);
  // Paddle (bmpaddle) and Caffe prototxt models are read; other front ends' formats are not ours to open.
  const prototxt = readsPrototxt(inv);
  if ((inv.tool.tool !== 'bmpaddle' && !prototxt) || !inv.tool.modelOption) return;
  const value = knownValue(inv, inv.tool.modelOption);
  if (!value || value.text.trim() === '' || value.text.startsWith('~')) return;
  const [start, end] = spanOf(value, 0, value.text.length);
  const code = (what: string) => `${inv.tool.tool}.${what}`;
  const target = path.resolve(folder, value.text);
  const stat = await lookups.stat(target);
  if (!stat) {
    r.report('info', code('model-not-found'), start, end, t('{0} is not found from the script folder; the checks against the model are skipped', value.text));
    return;
  }
  if (prototxt) {
    if (stat.kind === 'file') await checkAgainstPrototxt(inv, value, target, lookups, r);
    return;
  }
  if (stat.kind === 'file' && !(await explainPaddleFile(inv, value, target, fs, r))) return;
  if (stat.kind !== 'directory') return;
  let model: Readonly<OpenedModel>;
  try {
    model = await lookups.open(target);
  } catch (e) {
    if (!(e instanceof ModelFormatError)) throw e;
    const names = await fs.list(target).catch(() => [] as string[]);
    const what = e.detail.includes(exportAdvice()) ? 'training-checkpoint' : names.some((n) => n.endsWith('.json')) && !names.some((n) => n.endsWith('.pdmodel') || n === '__model__') ? 'pir-program' : 'model-unreadable';
    r.report('error', code(what), start, end, what === 'pir-program' ? pirMessage() : e.detail);
    return;
  }
  if (model.framework !== 'paddle') return;
  // Both open in the viewer (a checkpoint as its variables, PIR as a graph), yet neither is
  // the legacy inference program bmpaddle reads.
  if (model.format === 'persistables') {
    r.report('error', code('training-checkpoint'), start, end, t('this folder holds the variables of a training checkpoint (one file each) and no program, not an inference model. {0} PaddleClas exports one with tools/export_model.py.', exportAdvice()));
    return;
  }
  if (model.format === 'pir') {
    r.report('error', code('pir-program'), start, end, pirMessage());
    return;
  }
  checkNames(inv, model, r);
  checkShapes(inv, model, r);
  checkNms(inv, model, r);
  checkOcrDetection(inv, model, r);
}

/**
 * A DB text detector (transposed convolutions up to one sigmoid probability map): its
 * comparison at compile time often fails on accumulated error, not on a wrong compile.
 */
function checkOcrDetection(inv: Invocation, model: Readonly<OpenedModel>, r: Reporter): void {
  const cmp = knownValue(inv, 'cmp')?.text.toLowerCase();
  if (cmp === 'false' || cmp === '0' || inv.options.some((o) => o.name === 'cmp' && o.value?.unknown)) return;
  const types = new Set(model.graph.nodes.map((n) => n.type));
  const map = model.outputs.length === 1 && model.outputs[0].shape?.length === 4 && model.outputs[0].shape[1] === 1;
  if (!types.has('conv2d_transpose') || !types.has('sigmoid') || !map) return;
  r.report('info', `${inv.tool.tool}.ocr-det-cmp`, inv.start, inv.end, t('this looks like an OCR text detector: its compile-time comparison often fails on accumulated error in the probability map rather than on a wrong result. If the compile stops at the comparison, compile with --cmp=False and compare the outputs on real images.'));
}

/** The same routes `npu-deploy convert` names when it refuses the job. */
function pirMessage(): string {
  return pirRoutesMessage('bmpaddle');
}

/** A file given where bmpaddle wants the folder; false when nothing more can be checked. */
async function explainPaddleFile(inv: Invocation, value: Piece, file: string, fs: FileAccess, r: Reporter): Promise<boolean> {
  const [start, end] = spanOf(value, 0, value.text.length);
  const kind = checkpointKind(file);
  if (kind !== 'unknown') {
    r.report('error', 'bmpaddle.training-checkpoint', start, end, t('this is a Paddle training checkpoint ({0}), not an inference model. {1} PaddleClas exports one with tools/export_model.py.', path.extname(file), exportAdvice()));
    return false;
  }
  const head = await readHead(fs, file, 64).catch(() => new Uint8Array());
  if (file.toLowerCase().endsWith('.json') && looksLikePirProgram(head)) {
    r.report('error', 'bmpaddle.pir-program', start, end, pirMessage());
    return false;
  }
  const dir = path.dirname(value.text);
  const isProgram = /\.pdmodel$/i.test(file) || path.basename(file) === '__model__';
  const fixes: OffsetFix[] = isProgram ? [{ title: t('Use the folder {0}', dir), edits: [{ start, end, newText: dir }] }] : [];
  r.report('error', 'bmpaddle.model-not-folder', start, end, isProgram
    ? t('bmpaddle --model takes the folder holding the model, not the program file: write {0}', dir)
    : t('bmpaddle --model takes the folder holding __model__, or one *.pdmodel with its *.pdiparams, not a file'), fixes);
  return false;
}

/** Whether a diagnostic starts at a place: a "missing" one sits on its command. */
function sameStart(d: ArgDiagnostic, at: { line: number; column: number }): boolean {
  return d.range.line === at.line && d.range.column === at.column;
}

/** input_names and output_names against the model's; missing ones offered from the model. */
function checkNames(inv: Invocation, model: Readonly<OpenedModel>, r: Reporter): void {
  const inputs = model.inputs.map((i) => i.name);
  const outputs = model.outputs.map((o) => o.name);
  const tensors = new Set(Object.values(model.graph.tensors).map((x) => x.name));
  for (const [option, known, code, allowed] of [
    ['input_names', inputs, 'unknown-input-name', new Set(inputs)],
    ['output_names', outputs, 'unknown-output-name', tensors],
  ] as const) {
    const value = knownValue(inv, option);
    if (value) {
      let from = 0;
      for (const raw of value.text.split(',')) {
        const name = raw.trim();
        const lead = raw.length - raw.trimStart().length;
        if (name && !allowed.has(name)) {
          const [s, e] = spanOf(value, from + lead, from + lead + name.length);
          const [vs, ve] = spanOf(value, 0, value.text.length);
          r.report('error', `${inv.tool.tool}.${code}`, s, e, option === 'input_names'
            ? t('the model has no input {0}; its inputs, in order: {1}', name, known.join(', '))
            : t('the model has no variable {0}; its outputs: {1}', name, known.join(', ')),
          [{ title: t('Use the model names: {0}', known.join(',')), edits: [{ start: vs, end: ve, newText: known.join(',') }] }]);
        }
        from += raw.length + 1;
      }
    }
    // The "missing" diagnostic gets a fix that fills the option from the model.
    for (const d of r.found) {
      if (d.code === `${inv.tool.tool}.missing-option` && d.option === option && sameStart(d, r.lines.position(inv.start))) {
        r.addFixes(d, [{ title: t('Add {0} from the model', written(inv, option).replace(/=$/, '')), edits: [{ start: inv.insertAt, end: inv.insertAt, newText: optionText(inv, option, known) }] }]);
      }
    }
  }
  const shapes = model.inputs.map((i) => `[${(i.shape ?? []).map((d) => (d > 0 ? d : 1)).join(',')}]`);
  for (const d of r.found) {
    if (d.code === `${inv.tool.tool}.missing-option` && d.option === 'shapes' && sameStart(d, r.lines.position(inv.start)) && model.inputs.every((i) => i.shape)) {
      r.addFixes(d, [{ title: t('Add {0} from the model', written(inv, 'shapes').replace(/=$/, '')), edits: [{ start: inv.insertAt, end: inv.insertAt, newText: inv.syntax === 'python' ? `, shapes=[${shapes.join(', ')}]` : ` --shapes=${shapes.join(',')}` }] }]);
    }
  }
}

/** Each shape against the model's input of the same place (by --input_names when given). */
function checkShapes(inv: Invocation, model: Readonly<OpenedModel>, r: Reporter): void {
  const value = knownValue(inv, 'shapes');
  if (!value) return;
  const parsed = parseShapes(value.text);
  if (parsed.error) return;
  const names = knownValue(inv, 'input_names')?.text.split(',').map((s) => s.trim());
  parsed.shapes.forEach((shape, i) => {
    const name = names ? names[i] : model.inputs[i]?.name;
    const input = model.inputs.find((x) => x.name === name);
    if (!input?.shape) return;
    const expected = input.shape;
    if (expected.length !== shape.dims.length) {
      const [s, e] = spanOf(value, shape.from, shape.to);
      r.report('error', `${inv.tool.tool}.shape-mismatch`, s, e, t('input {0} has {1} dimensions in the model ({2}), this shape has {3}', input.name, expected.length, `[${expected.join(',')}]`, shape.dims.length));
      return;
    }
    shape.dims.forEach((dim, k) => {
      if (expected[k] > 0 && expected[k] !== dim.value) {
        const [s, e] = spanOf(value, dim.from, dim.to);
        r.report('error', `${inv.tool.tool}.shape-mismatch`, s, e, t('dimension {0} of input {1} is fixed at {2} in the model ({3}), not {4}', k, input.name, expected[k], `[${expected.join(',')}]`, dim.value), [
          { title: t('Write {0}', String(expected[k])), edits: [{ start: s, end: e, newText: String(expected[k]) }] },
        ]);
      }
    });
  });
}

/** The vendor's note: with NMS and comparison on, the extra inputs need --descs. */
function checkNms(inv: Invocation, model: Readonly<OpenedModel>, r: Reporter): void {
  const cmp = knownValue(inv, 'cmp')?.text.toLowerCase();
  if (cmp === 'false' || cmp === '0' || inv.options.some((o) => o.name === 'cmp' && o.value?.unknown)) return;
  if (inv.options.some((o) => o.name === 'descs')) return;
  if (!model.graph.nodes.some((n) => NMS_OPS.test(n.type))) return;
  const extra = model.inputs.map((x, i) => ({ name: x.name, i })).filter((x) => NMS_EXTRA_INPUTS.includes(x.name));
  if (extra.length === 0) return;
  const skeleton = extra.map((x) => (x.name === 'scale_factor' ? `[${x.i},fp32,1,2]` : `[${x.i},fp32,608,609]`)).join(',');
  r.report('warning', `${inv.tool.tool}.nms-needs-descs`, inv.start, inv.end, t('the model has NMS-like operators and comparison is on: describe its extra inputs ({0}) with --descs, or the random inputs of the comparison make the compile fail. Or compile with --cmp=False.', extra.map((x) => x.name).join(', ')), [
    { title: t('Add a --descs skeleton'), edits: [{ start: inv.insertAt, end: inv.insertAt, newText: optionText(inv, 'descs', skeleton) }] },
  ]);
}
