// Checks of the structured values: --shapes (syntax, and one shape per input name), --descs
// (syntax, index in range, a known dtype, a non-empty half-open range), and ATC's own rules
// (--input_shape syntax, what mode 0 needs, Caffe's --weight).

import { t } from '../l10n';
import type { Reporter } from './argDiagnostic';
import { didYouMean } from './didYouMean';
import { written, hasOption } from './checkOptions';
import { knownValue, optionsNamed, type Invocation } from './invocation';
import { spanOf, type Piece } from './shellWords';
import { parseDescs, parseInputShape, parseShapes, type GrammarError } from './valueGrammars';

/** The dtypes the manual names for --descs, and `int` from its Python example. */
export const DESC_DTYPES = ['fp32', 'float', 'float32', 'int32', 'int64', 'uint8', 'int', 'int8', 'int16', 'uint16'] as const;
const INTEGER_DTYPES = new Set(['int32', 'int64', 'uint8', 'int', 'int8', 'int16', 'uint16']);

function reportGrammar(r: Reporter, code: string, piece: Piece, e: GrammarError, what: string): void {
  const [start, end] = spanOf(piece, e.from, Math.max(e.to, e.from + 1));
  r.report('error', code, start, end, t('{0}: {1}', what, e.message));
}

export function checkStructuredValues(inv: Invocation, r: Reporter): void {
  const tool = inv.tool.tool;
  const names = knownValue(inv, 'input_names');
  const nameCount = names ? names.text.split(',').filter((s) => s.trim()).length : undefined;
  const shapes = knownValue(inv, 'shapes');
  let shapeCount: number | undefined;
  if (shapes) {
    const parsed = parseShapes(shapes.text);
    if (parsed.error) reportGrammar(r, `${tool}.shapes-syntax`, shapes, parsed.error, written(inv, 'shapes').replace(/=$/, ''));
    else {
      shapeCount = parsed.shapes.length;
      if (nameCount !== undefined && nameCount !== shapeCount) {
        const [start, end] = spanOf(shapes, 0, shapes.text.length);
        r.report('error', `${tool}.shapes-count`, start, end, t('{0} shapes for {1} input names: give one shape per input, in the order of {2}', shapeCount, nameCount, written(inv, 'input_names').replace(/=$/, '')));
      }
    }
  }
  const descs = knownValue(inv, 'descs');
  if (descs) checkDescs(inv, descs, nameCount ?? shapeCount, r);
  if (inv.tool.family === 'atc') checkAtc(inv, r);
}

function checkDescs(inv: Invocation, descs: Piece, inputCount: number | undefined, r: Reporter): void {
  const tool = inv.tool.tool;
  const parsed = parseDescs(descs.text);
  if (parsed.error) {
    reportGrammar(r, `${tool}.descs-syntax`, descs, parsed.error, written(inv, 'descs').replace(/=$/, ''));
    return;
  }
  const place = (from: number, to: number) => spanOf(descs, from, to);
  for (const d of parsed.descs) {
    const index = Number(d.index.text);
    if (inputCount !== undefined && index >= inputCount) {
      const [s, e] = place(d.index.from, d.index.to);
      r.report('error', `${tool}.descs-index`, s, e, t('input index {0} is out of range: the command has {1} inputs, numbered from 0', index, inputCount));
    }
    const dtype = d.dtype.text;
    if (!(DESC_DTYPES as readonly string[]).includes(dtype)) {
      const [s, e] = place(d.dtype.from, d.dtype.to);
      const near = didYouMean(dtype, DESC_DTYPES);
      r.report('error', `${tool}.descs-dtype`, s, e, t('{0} is not a dtype of --descs: use fp32 (or float), int32, int64 or uint8', dtype), near ? [{ title: t('Change to {0}', near), edits: [{ start: s, end: e, newText: near }] }] : []);
    }
    const lower = Number(d.lower.text);
    const upper = Number(d.upper.text);
    const integer = INTEGER_DTYPES.has(dtype);
    if (integer ? upper <= lower : upper < lower) {
      const [s, e] = place(d.lower.from, d.upper.to);
      if (integer && upper === lower && Number.isInteger(lower)) {
        const [us, ue] = place(d.upper.from, d.upper.to);
        r.report('error', `${tool}.descs-range`, s, e, t('the range {0},{1} is empty: it is half-open (the upper bound is excluded). To pin the input at {0}, write {0},{2}', lower, upper, lower + 1), [
          { title: t('Write {0}', `${lower},${lower + 1}`), edits: [{ start: us, end: ue, newText: String(lower + 1) }] },
        ]);
      } else {
        r.report('error', `${tool}.descs-range`, s, e, t('the range {0},{1} is empty: the upper bound must be above the lower one (the upper bound is excluded)', d.lower.text, d.upper.text));
      }
    }
  }
}

function checkAtc(inv: Invocation, r: Reporter): void {
  const shape = knownValue(inv, 'input_shape');
  if (shape) {
    const parsed = parseInputShape(shape.text);
    if (parsed.error) reportGrammar(r, 'atc.input-shape-syntax', shape, parsed.error, '--input_shape');
  }
  const mode = knownValue(inv, 'mode')?.text ?? '0';
  if (mode !== '0' || inv.opaque) return;
  for (const name of ['model', 'framework', 'output', 'soc_version']) {
    if (!hasOption(inv, name)) r.report('error', 'atc.missing-option', inv.start, inv.end, t('{0} needs {1}', 'atc', `--${name}`));
  }
  const framework = optionsNamed(inv, 'framework').pop();
  if (framework?.value && !framework.value.unknown && framework.value.text === '0' && !hasOption(inv, 'weight')) {
    const [start, end] = spanOf(framework.value, 0, framework.value.text.length);
    r.report('error', 'atc.missing-weight', start, end, t('a Caffe model (--framework=0) needs --weight with its .caffemodel'));
  }
}
