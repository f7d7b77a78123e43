// The language server's side of the compiler-argument checks (src/core/args): diagnostics for
// shell scripts and Python files that call the compilers, kept per document with their quick
// fixes so that a code action request can answer from them without checking again.

import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic as LspDiagnostic, Range, TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import { CodeActionKind } from 'vscode-languageserver/node';
import { checkScript, findInvocations, scriptKind, type ScriptKind } from '../core/args/checkScript';
import type { ArgDiagnostic, QuickFix } from '../core/args/argDiagnostic';
import { checkTasks, isTasksFile } from '../core/args/taskChecks';
import type { Invocation } from '../core/args/invocation';
import type { SourceRange } from '../core/graph/graph';
import type { ModelService } from '../core/modelService';

export interface ScriptState {
  /** `tasks`: a .vscode/tasks.json, its npu-deploy tasks' args checked (no hover or completion). */
  kind: ScriptKind | 'tasks';
  text: string;
  invocations: Invocation[];
  found: ArgDiagnostic[];
}

const states = new Map<string, ScriptState>();

export function isScript(file: string, text: string, languageId: string): boolean {
  return languageId !== 'caffe-prototxt' && (isTasksFile(file) || scriptKind(file, text, languageId) !== undefined);
}

/** The document's argument diagnostics; `file` is a local path when the document is a file. */
export async function checkScriptDocument(uri: string, file: string | undefined, text: string, languageId: string, models: ModelService): Promise<ArgDiagnostic[]> {
  if (file && isTasksFile(file)) {
    const found = await checkTasks(file, text, { models });
    states.set(uri, { kind: 'tasks', text, invocations: [], found });
    return found;
  }
  const kind = scriptKind(file ?? uri, text, languageId);
  if (!kind) {
    states.delete(uri);
    return [];
  }
  const invocations = findInvocations(text, kind);
  // Models are found from the script's folder: only a script on disk has one.
  const found = await checkScript(file ?? uri, text, { languageId, invocations, models: file ? models : undefined });
  states.set(uri, { kind, text, invocations, found });
  return found;
}

/**
 * The document's commands as `text` has them: hover and completion may come before the check
 * of the newest edit has run, and must not answer from the text before it.
 */
export function scriptState(uri: string, text: string, languageId: string, file: string | undefined): ScriptState | undefined {
  const kept = states.get(uri);
  if (kept?.text === text) return kept;
  const kind = scriptKind(file ?? uri, text, languageId);
  if (!kind) return undefined;
  const fresh = { kind, text, invocations: findInvocations(text, kind), found: kept?.found ?? [] };
  states.set(uri, fresh);
  return fresh;
}

export function forgetScript(uri: string): void {
  states.delete(uri);
}

export function lspRange(r: SourceRange): Range {
  return { start: { line: r.line - 1, character: r.column - 1 }, end: { line: r.endLine - 1, character: r.endColumn - 1 } };
}

const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character < b.character);
const overlaps = (a: Range, b: Range) => !before(a.end, b.start) && !before(b.end, a.start);
const sameRange = (a: Range, b: Range) => a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/** Quick fixes of the diagnostics kept for `uri` that touch `range`. */
export function scriptCodeActions(uri: string, range: Range, shown: LspDiagnostic[]): CodeAction[] {
  const state = states.get(uri);
  if (!state) return [];
  const actions: CodeAction[] = [];
  for (const d of state.found) {
    if (!d.fixes) continue;
    const where = lspRange(d.range);
    if (!overlaps(where, range)) continue;
    const client = shown.find((s) => s.code === d.code && sameRange(s.range, where));
    for (const fix of d.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: client ? [client] : undefined,
        isPreferred: d.fixes.length === 1,
        edit: { changes: changesOf(uri, fix) },
      });
    }
  }
  return actions;
}

/** A fix's edits by document: the script's own, and those of another file it names (a darknet .cfg). */
function changesOf(uri: string, fix: QuickFix): Record<string, LspTextEdit[]> {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of fix.edits) {
    const target = e.file ? pathToFileURL(e.file).toString() : uri;
    (changes[target] ??= []).push({ range: lspRange(e.range), newText: e.newText });
  }
  return changes;
}
