// Hover and completion on compiler command lines: what an option does and its default; option
// names, enum values, and the input and output names of the model the command names.

import * as path from 'node:path';
import type { CompletionItem, Hover, Position } from 'vscode-languageserver/node';
import { CompletionItemKind, MarkupKind } from 'vscode-languageserver/node';
import { offsetAt } from '../core/args/argDiagnostic';
import { BOOLEAN_VALUES, type OptionSpec, type ToolSpec } from '../core/args/optionSpec';
import { knownValue, type Invocation } from '../core/args/invocation';
import { t } from '../core/l10n';
import { toolDoc } from '../core/args/toolDocs';
import type { ModelService } from '../core/modelService';
import { scriptState, type ScriptState } from './scriptChecks';

function offsetOf(text: string, position: Position): number {
  return offsetAt(text, position.line + 1, position.character + 1);
}

/** The invocation whose arguments run through `offset`: from its command to its last word, or blanks and continuations after it. */
function invocationAt(state: ScriptState, offset: number): Invocation | undefined {
  let found: Invocation | undefined;
  for (const inv of state.invocations) {
    if (inv.start > offset) break;
    const gap = state.text.slice(inv.insertAt, offset);
    if (offset <= inv.insertAt || /^(?:[ \t]|\\\r?\n)*[^\s]*$/.test(gap) || (inv.syntax === 'python' && !gap.includes(')'))) found = inv;
  }
  return found;
}

function optionDoc(tool: ToolSpec, spec: OptionSpec, python: boolean): string {
  const lines = [`**${python ? spec.name : `--${spec.name}`}** (${tool.tool})`, '', spec.doc()];
  if (spec.required) lines.push('', t('Required.'));
  if (spec.defaultValue !== undefined) lines.push('', t('Default: {0}', spec.defaultValue));
  if (spec.values) lines.push('', t('Values: {0}', spec.values.join(', ')));
  return lines.join('\n');
}

/** A document as hover and completion need it: its URI, text, language and local path (if a file). */
export interface OpenScript {
  uri: string;
  text: string;
  languageId: string;
  file: string | undefined;
}

/** What the tool does and the options it cannot do without. */
function toolHover(inv: Invocation): string {
  const required = inv.tool.family === 'atc' ? ['model', 'framework', 'output', 'soc_version'] : [...inv.tool.options.values()].filter((o) => o.required).map((o) => o.name);
  const shown = required.map((name) => (inv.syntax === 'python' ? name : `--${name}`)).join(', ');
  return [`**${inv.tool.tool}**`, '', toolDoc(inv.tool.tool), '', t('Required: {0}', shown)].join('\n');
}

export function scriptHover(doc: OpenScript, position: Position): Hover | undefined {
  const state = scriptState(doc.uri, doc.text, doc.languageId, doc.file);
  if (!state) return undefined;
  const offset = offsetOf(state.text, position);
  for (const inv of state.invocations) {
    if (inv.start <= offset && offset < inv.end) return { contents: { kind: MarkupKind.Markdown, value: toolHover(inv) } };
    const use = inv.options.find((o) => o.start <= offset && offset < o.end);
    if (use?.spec) return { contents: { kind: MarkupKind.Markdown, value: optionDoc(inv.tool, use.spec, inv.syntax === 'python') } };
  }
  return undefined;
}

/** The input and output names of the model an invocation names, when it can be read. */
async function modelNames(inv: Invocation, file: string | undefined, models: ModelService): Promise<{ inputs: string[]; outputs: string[] } | undefined> {
  const value = inv.tool.modelOption ? knownValue(inv, inv.tool.modelOption) : undefined;
  if (!value || !file || inv.tool.tool !== 'bmpaddle') return undefined;
  try {
    const model = await models.open(path.resolve(path.dirname(file), value.text), { noWeights: true });
    return { inputs: model.inputs.map((i) => i.name), outputs: model.outputs.map((o) => o.name) };
  } catch {
    return undefined;
  }
}

const SHELL_VALUE = /(?:^|\s)[-\u2013\u2014]{1,2}([A-Za-z_]\w*)(?:=|[ \t]+)["']?([^\s"'=]*)$/;
const SHELL_NAME = /(?:^|\s)(-{1,2})([A-Za-z_]\w*)?$/;
const PYTHON_VALUE = /\b([A-Za-z_]\w*)\s*=\s*\[?\s*(?:["'][^"']*["']\s*,\s*)*["']([^"']*)$/;
const PYTHON_NAME = /[(,]\s*([A-Za-z_]\w*)?$/;

export async function scriptCompletion(doc: OpenScript, position: Position, models: ModelService): Promise<CompletionItem[]> {
  const file = doc.file;
  const state = scriptState(doc.uri, doc.text, doc.languageId, doc.file);
  if (!state) return [];
  const offset = offsetOf(state.text, position);
  const inv = invocationAt(state, offset);
  if (!inv) return [];
  const lineStart = state.text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = state.text.slice(lineStart, offset);
  const python = inv.syntax === 'python';
  const range = (typed: string) => ({ start: { line: position.line, character: position.character - typed.length }, end: position });
  const value = (python ? PYTHON_VALUE : SHELL_VALUE).exec(prefix);
  if (value) {
    const spec = inv.tool.options.get(value[1]);
    const typed = value[2].slice(value[2].lastIndexOf(',') + 1);
    if (!spec) return [];
    let values: readonly string[] = spec.values ?? (spec.kind === 'bool' ? (python ? ['True', 'False'] : BOOLEAN_VALUES.slice(0, 2)) : []);
    if (spec.name === 'input_names' || spec.name === 'output_names') {
      const names = await modelNames(inv, file, models);
      values = (spec.name === 'input_names' ? names?.inputs : names?.outputs) ?? [];
    }
    return values.map((v, i) => ({ label: v, kind: CompletionItemKind.EnumMember, sortText: String(i).padStart(4, '0'), textEdit: { range: range(typed), newText: v } }));
  }
  const name = (python ? PYTHON_NAME : SHELL_NAME).exec(prefix);
  if (!name) return [];
  const typed = python ? (name[1] ?? '') : name[1] + (name[2] ?? '');
  const given = new Set(inv.options.map((o) => o.name));
  return [...inv.tool.options.values()]
    .filter((o) => !given.has(o.name) || o.name === (name[2] ?? name[1]))
    .map((o) => ({
      label: python ? o.name : `--${o.name}`,
      kind: CompletionItemKind.Property,
      detail: o.required ? t('required') : undefined,
      documentation: { kind: MarkupKind.Markdown, value: optionDoc(inv.tool, o, python) },
      // Required options first, then the table's order.
      sortText: `${o.required ? 0 : 1}${o.name}`,
      textEdit: { range: range(typed), newText: python ? `${o.name}=` : `--${o.name}${o.kind === 'flag' ? '' : '='}` },
    }));
}
