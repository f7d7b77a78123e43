// The checks every tool's command line gets from its option table alone: how each option is
// written (a dash pasted from a document, a single dash to a Python front end), whether the tool
// knows it, whether it is given twice, has its value and the right kind of value, and whether
// a required one is missing. Values that are unknown ($VAR) are never judged.

import { t } from '../l10n';
import type { Reporter } from './argDiagnostic';
import { didYouMean } from './didYouMean';
import { optionsNamed, type Invocation, type OptionUse } from './invocation';
import { BOOLEAN_VALUES, type OptionSpec } from './optionSpec';
import { spanOf } from './shellWords';
import { OPTION_ALIASES } from './sophonOptions';
import { SOC_VERSION_FORM } from './atcOptions';

function dashName(ch: string): string {
  if (ch === '\u2013') return t('an en dash (U+2013)');
  if (ch === '\u2014') return t('an em dash (U+2014)');
  if (ch === '\u2212') return t('a minus sign (U+2212)');
  return t('a typographic dash (U+{0})', ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'));
}

/** How an option is written on this invocation: `--name` on the command line, `name=` in Python. */
export function written(inv: Invocation, name: string): string {
  return inv.syntax === 'python' ? `${name}=` : `--${name}`;
}

export function checkOptionForms(inv: Invocation, r: Reporter): void {
  const seen = new Map<string, OptionUse>();
  for (const use of inv.options) {
    const nameStart = use.start + use.dashes.length;
    // A dash pasted from a manual: the shell hands the word over as a plain argument.
    const odd = [...use.dashes].find((c) => c !== '-');
    if (odd) {
      r.report('error', `${inv.tool.tool}.dash-option`, use.start, nameStart, t('{0} starts with {1}, not a hyphen: {2} does not take it as option {3}. Type the dashes again.', use.dashes + use.name, dashName(odd), inv.tool.tool, `--${use.name}`), [
        { title: t('Write {0}', `--${use.name}`), edits: [{ start: use.start, end: nameStart, newText: '--' }] },
      ]);
    } else if (use.dashes === '-' && !inv.tool.singleDash) {
      r.report('error', `${inv.tool.tool}.single-dash`, use.start, use.end, t('{0} takes long options with two dashes: write {1}', inv.tool.tool, `--${use.name}`), [
        { title: t('Write {0}', `--${use.name}`), edits: [{ start: use.start, end: nameStart, newText: '--' }] },
      ]);
    }
    if (!use.spec) {
      const suggestion = didYouMean(use.name, inv.tool.options.keys());
      const shown = use.dashes || inv.syntax === 'python' ? use.dashes + use.name : use.name;
      const message = suggestion
        ? t('{0} does not know option {1}; did you mean {2}?', inv.tool.tool, shown, written(inv, suggestion).replace(/=$/, ''))
        : t('{0} does not know option {1}', inv.tool.tool, shown);
      const fixes = suggestion ? [{ title: t('Change to {0}', suggestion), edits: [{ start: nameStart, end: use.end, newText: suggestion }] }] : [];
      r.report(inv.tool.complete || suggestion ? 'error' : 'warning', `${inv.tool.tool}.unknown-option`, use.start, use.end, message, fixes);
      continue;
    }
    const before = seen.get(use.name);
    if (before) {
      const method = use.name === 'th_method';
      r.report(method ? 'error' : 'warning', `${inv.tool.tool}.${method ? 'th-method-repeated' : 'duplicate-option'}`, use.start, use.end,
        method ? t('-th_method is given twice: calibration uses one threshold method a run. Keep one.') : t('{0} is given twice; the tool keeps the last value', written(inv, use.name).replace(/=$/, '')),
        [{ title: method ? t('Remove this -th_method') : t('Remove the repeated {0}', use.name), edits: [removal(use)] }]);
    }
    seen.set(use.name, use);
    checkValueKind(inv, use, use.spec, r);
  }
  checkRequired(inv, r);
}

/** Deletes an option and the blank before it. */
function removal(use: OptionUse): { start: number; end: number; newText: string } {
  return { start: use.wholeStart, end: use.wholeEnd, newText: '' };
}

function checkValueKind(inv: Invocation, use: OptionUse, spec: OptionSpec, r: Reporter): void {
  const code = (what: string) => `${inv.tool.tool}.${what}`;
  if (!use.value) {
    if (spec.kind !== 'flag' && spec.kind !== 'bool') r.report('error', code('missing-value'), use.start, use.end, t('{0} needs a value', written(inv, use.name).replace(/=$/, '')));
    return;
  }
  const value = use.value;
  if (value.unknown) return;
  const [start, end] = spanOf(value, 0, value.text.length);
  const text = value.text.trim();
  switch (spec.kind) {
    case 'int':
      if (!/^-?\d+$/.test(text)) r.report('error', code('bad-value'), start, end, t('{0} takes a whole number, not {1}', use.name, JSON.stringify(value.text)));
      return;
    case 'float':
      if (!/^-?\d+(\.\d*)?([eE][-+]?\d+)?$/.test(text)) r.report('error', code('bad-value'), start, end, t('{0} takes a number, not {1}', use.name, JSON.stringify(value.text)));
      return;
    case 'bool': {
      const allowed: readonly string[] = inv.tool.family === 'atc' ? ['true', 'false'] : BOOLEAN_VALUES;
      if (!allowed.includes(text)) r.report('error', code('bad-value'), start, end, t('{0} is a boolean: {1}, not {2}', use.name, allowed.join(', '), JSON.stringify(value.text)));
      return;
    }
    case 'enum':
      checkEnum(inv, use, spec, text, start, end, r);
      return;
    case 'path':
    case 'text':
    case 'names':
      if (text === '') r.report('error', code('missing-value'), use.start, end, t('{0} is given an empty value', use.name));
      return;
    default:
      return;
  }
}

function checkEnum(inv: Invocation, use: OptionUse, spec: OptionSpec, text: string, start: number, end: number, r: Reporter): void {
  const values = spec.values ?? [];
  if (use.name === 'soc_version') {
    if (SOC_VERSION_FORM.test(text)) return;
    const near = didYouMean(text, values);
    r.report('error', `${inv.tool.tool}.unknown-soc-version`, start, end, near ? t('{0} is not an Ascend chip name; did you mean {1}?', text, near) : t('{0} is not an Ascend chip name (Ascend310, Ascend310P3, Ascend910B …)', text), near ? [{ title: t('Change to {0}', near), edits: [{ start, end, newText: near }] }] : []);
    return;
  }
  if (values.includes(text)) return;
  const cased = values.find((v) => v.toLowerCase() === text.toLowerCase());
  // Numbers are not misspelt: `--opt 3` gets the list, not a guess.
  const near = cased ?? (/^\d+$/.test(text) ? undefined : didYouMean(text, values));
  const fixes = near ? [{ title: t('Change to {0}', near), edits: [{ start, end, newText: near }] }] : [];
  const list = values.join(', ');
  if (use.name === 'target' && inv.tool.family === 'bmnet') {
    r.report('error', `${inv.tool.tool}.unknown-target`, start, end, t('{0} is not a chip the compiler knows: {1} (upper case)', text, list), fixes);
  } else if (use.name === 'framework') {
    r.report('error', `${inv.tool.tool}.unknown-framework`, start, end, t('--framework is 0 (Caffe), 1 (MindSpore), 3 (TensorFlow) or 5 (ONNX), not {0}', text), fixes);
  } else if (use.name === 'th_method') {
    r.report('error', `${inv.tool.tool}.unknown-th-method`, start, end, t('{0} is not a threshold method: {1}', text, list), fixes);
  } else {
    r.report('error', `${inv.tool.tool}.bad-value`, start, end, t('{0} takes one of {1}, not {2}', use.name, list, JSON.stringify(text)), fixes);
  }
}

/** Options an invocation must carry (ATC's depend on --mode: checkAtc adds those). */
function checkRequired(inv: Invocation, r: Reporter): void {
  if (inv.opaque || inv.tool.family === 'atc') return;
  // `--list_ops` prints and exits: nothing else is needed.
  if (inv.options.some((o) => o.name === 'list_ops' || o.name === 'show_args')) return;
  const aliases = OPTION_ALIASES[inv.tool.tool] ?? {};
  const given = new Set(inv.options.map((o) => aliases[o.name] ?? o.name));
  const missing = [...inv.tool.options.values()].filter((o) => o.required && !given.has(o.name)).map((o) => o.name);
  for (const name of missing) {
    const d = r.report('error', `${inv.tool.tool}.missing-option`, inv.start, inv.end, t('{0} needs {1}', inv.tool.tool, written(inv, name).replace(/=$/, '')));
    d.option = name;
  }
}

export function hasOption(inv: Invocation, name: string): boolean {
  return optionsNamed(inv, name).length > 0;
}
