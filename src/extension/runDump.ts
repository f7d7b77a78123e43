// Dump on the extension host: checks the dialog's fields, opens the model through the shared
// ModelService, asks "continue?" when the offline model is named differently (as MindStudio
// does), and runs core's cutModel under a cancellable progress notification. dump.log's lines go
// to the "NPU Deploy" output channel. Errors come back for the form to show beside the field
// they concern, on one line naming the file.
//
// Restricted Mode allows this (it only reads models and writes files, nothing runs), but nothing
// is written outside the workspace unless the user chose that folder in the dialog.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { cutModel } from '../core/cut/cutModel';
import type { CutResult } from '../core/cut/cutResult';
import { ModelFormatError, oneLine } from '../core/errors';
import { nodeFileAccess } from '../core/io/nodeFileAccess';
import type { OpenedModel } from '../core/model';
import type { ModelService } from '../core/modelService';
import { offlineModelName } from '../core/offline/offlineModelName';
import type { DumpField, DumpForm, DumpOutcome } from '../protocol/dumpMessages';

export interface DumpContext {
  models: ModelService;
  output: vscode.OutputChannel;
  /** Asks the user a yes-or-no question, true to go on (a modal; the tests answer it themselves). */
  ask(question: string): Promise<boolean>;
}

/** The modal MindStudio shows, with Continue as the one way on. */
export async function askModal(question: string): Promise<boolean> {
  const go = vscode.l10n.t('Continue');
  return (await vscode.window.showWarningMessage(question, { modal: true }, go)) === go;
}

type Refusal = Extract<DumpOutcome, { ok: false; message: string }>;
type Done = { ok: true; folder: string; files: string[]; result: CutResult };

const refuse = (field: DumpField | undefined, message: string): Refusal => ({ ok: false, field, message: oneLine(message) });

export async function runDump(form: DumpForm, context: DumpContext): Promise<Done | Exclude<DumpOutcome, { ok: true }>> {
  const missing = missingField(form);
  if (missing) return missing;
  const outDir = path.resolve(form.outDir);
  if (!form.outDirChosen && !insideWorkspace(outDir)) {
    return refuse('outDir', vscode.l10n.t('{0} is outside the workspace: choose it yourself (type it or use Browse…) to write there', outDir));
  }
  const opened = await openForDump(form, context.models);
  if ('message' in opened) return opened;
  const model = opened.model;
  for (const [field, file] of [['dumpData', form.dumpData], ['offlineModel', form.offlineModel]] as const) {
    if (file && !(await exists(file, field === 'dumpData' ? 'directory' : 'file'))) {
      return refuse(field, field === 'dumpData' ? vscode.l10n.t('{0}: no such folder', file) : vscode.l10n.t('{0}: no such file', file));
    }
  }
  if (form.offlineModel && !(await offlineModelMatches(form.offlineModel, model, context.ask))) return { ok: false, cancelled: true };

  const cancel = new AbortController();
  const title = vscode.l10n.t('Dumping {0}', path.basename(form.model));
  let result: Awaited<ReturnType<typeof cutModel>>;
  try {
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
      token.onCancellationRequested(() => cancel.abort());
      return cutModel(model, form.starts, form.ends, outDir, { dumpData: form.dumpData || undefined, signal: cancel.signal });
    });
  } catch (e) {
    if (cancel.signal.aborted) return { ok: false, cancelled: true };
    // A file read during the dump is bad (an NPU dump cut short, weights damaged): its one line,
    // which names it, beside the field it came from.
    if (e instanceof ModelFormatError) return refuse(formatErrorField(e.file, form), e.message);
    const err = e as NodeJS.ErrnoException;
    const file = typeof err.path === 'string' ? err.path : outDir;
    const field: DumpField = form.dumpData && file.startsWith(path.resolve(form.dumpData)) ? 'dumpData' : 'outDir';
    return refuse(field, `${file}: ${err instanceof Error ? (err.code ?? err.message) : String(e)}`);
  }
  if ('refused' in result) return refuse(refusedField(result.code, result.message, form), `${form.model}: ${result.message}`);
  // The same lines as dump.log, its warnings included.
  context.output.appendLine(result.log.trimEnd());
  return { ok: true, folder: result.folder, files: result.files, result };
}

/** The viewer's file of a dump's result: dump.prototxt or dump.pdmodel. */
export function resultModelFile(done: { folder: string; files: string[] }): string | undefined {
  const name = done.files.find((f) => /\.(prototxt|pdmodel)$/.test(f));
  return name === undefined ? undefined : path.join(done.folder, name);
}

function missingField(form: DumpForm): Refusal | undefined {
  if (!form.model) return refuse('model', vscode.l10n.t('Choose the model file.'));
  if (form.starts.length === 0) return refuse('starts', vscode.l10n.t('Enter at least one start node id.'));
  if (form.ends.length === 0) return refuse('ends', vscode.l10n.t('Enter at least one end node id.'));
  if (!form.outDir) return refuse('outDir', vscode.l10n.t('Choose the output folder.'));
  if (!path.isAbsolute(form.outDir)) return refuse('outDir', vscode.l10n.t('{0}: give the full path of a folder', form.outDir));
  return undefined;
}

async function openForDump(form: DumpForm, models: ModelService): Promise<{ model: OpenedModel } | Refusal> {
  try {
    return { model: await models.open(form.model, { weights: form.weights || undefined }) };
  } catch (e) {
    const field: DumpField = form.weights && e instanceof ModelFormatError && e.file === form.weights ? 'weights' : 'model';
    const message = e instanceof Error ? e.message : String(e);
    const file = field === 'weights' ? form.weights : form.model;
    return refuse(field, message.includes(file) ? message : `${file}: ${message}`);
  }
}

function formatErrorField(file: string, form: DumpForm): DumpField {
  const inside = (folder: string) => {
    const relative = path.relative(path.resolve(folder), path.resolve(file));
    return !relative.startsWith('..') && !path.isAbsolute(relative);
  };
  if (form.dumpData && inside(form.dumpData)) return 'dumpData';
  return form.weights && path.resolve(form.weights) === path.resolve(file) ? 'weights' : 'model';
}

/** The field a range refusal concerns: the list holding an unknown id, otherwise the ends. */
function refusedField(code: string, message: string, form: DumpForm): DumpField {
  if (code === 'unknown-node') return form.starts.some((id) => message.includes(id)) && !form.ends.some((id) => message.includes(id)) ? 'starts' : 'ends';
  return code === 'empty' && form.starts.length === 0 ? 'starts' : 'ends';
}

/** True to go on: the names agree, the offline model's name cannot be read, or the user said so. */
async function offlineModelMatches(file: string, model: OpenedModel, ask: DumpContext['ask']): Promise<boolean> {
  const name = await offlineModelName(nodeFileAccess, file);
  if (name === undefined || name === model.name) return true;
  return ask(vscode.l10n.t('The offline model {0} is named "{1}" but the model is named "{2}". Continue?', path.basename(file), name, model.name));
}

export function insideWorkspace(file: string): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some((folder) => {
    if (folder.uri.scheme !== 'file') return false;
    const relative = path.relative(folder.uri.fsPath, file);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  });
}

async function exists(file: string, kind: 'file' | 'directory'): Promise<boolean> {
  try {
    return (await nodeFileAccess.stat(file)).kind === kind;
  } catch {
    return false;
  }
}
