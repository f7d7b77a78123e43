// The tool arguments of `npu-deploy` tasks in .vscode/tasks.json, checked as a script's are:
// each string of `args` is one word the tool receives (a process, not a shell, gets them), read
// with the shell reader's option rules; the task's `model` stands for the model option, which
// `npu-deploy convert` sets itself. Options convert fills (names, shapes, target) are never
// reported missing, and those it owns (--model, --weight, --outdir; ATC's --output) are errors.
// Only tasks that name their `tool` are checked: without it the host picks the tool.

import * as path from 'node:path';
import type { FileAccess } from '../io/fileAccess';
import type { ModelService } from '../modelService';
import { byPosition } from '../diagnostics/diagnostic';
import { LineIndex } from '../formats/caffe/textPositions';
import { ASCEND_TOOLS, SOPHON_TOOLS } from '../convert/toolChoice';
import { t } from '../l10n';
import { Reporter, type ArgDiagnostic } from './argDiagnostic';
import { checkOptionForms } from './checkOptions';
import { checkStructuredValues } from './checkValues';
import { toolNamed, type Invocation } from './invocation';
import { property, readJsonc, type JsonNode } from './jsoncTree';
import { checkAgainstModel, ModelLookups } from './modelChecks';
import { readOptions } from './shellInvocations';
import { slicePiece, type Word } from './shellWords';

const TOOLS: readonly string[] = [...SOPHON_TOOLS, ...ASCEND_TOOLS];
const WORKSPACE = '${workspaceFolder}';

/** Whether a document is a tasks.json these checks read. */
export function isTasksFile(file: string): boolean {
  return /(^|[\\/])\.vscode[\\/]tasks\.json$/i.test(file);
}

export interface TaskCheckOptions {
  models?: ModelService;
  fs?: FileAccess;
}

/** Every problem of the npu-deploy tasks in a tasks.json `file` (its folder's parent is the workspace folder). */
export async function checkTasks(file: string, text: string, options: TaskCheckOptions = {}): Promise<ArgDiagnostic[]> {
  const root = readJsonc(text);
  const tasks = property(root, 'tasks');
  if (tasks?.kind !== 'array') return [];
  const r = new Reporter(file, new LineIndex(text));
  const folder = path.dirname(path.dirname(file));
  const lookups = options.models ? new ModelLookups(options.models, options.fs) : undefined;
  for (const task of tasks.items) {
    const type = property(task, 'type');
    if (type?.kind !== 'string' || type.value !== 'npu-deploy') continue;
    const inv = taskInvocation(task, r);
    if (!inv) continue;
    checkOptionForms(inv, r);
    checkStructuredValues(inv, r);
    if (lookups) await checkAgainstModel(inv, folder, lookups, r);
  }
  return r.found.sort(byPosition);
}

/**
 * A JSON string as one word: each character at its place in the file. A string with escapes
 * is a word not seen into: a fix placed on its characters could cut an escape in two.
 */
function wordOf(node: JsonNode & { kind: 'string' }): Word {
  if (node.end - node.start !== node.value.length + 2) return { text: '', at: [node.start], unknown: true, start: node.start, end: node.end };
  return { text: node.value, at: node.at, unknown: node.value.includes('${'), start: node.start, end: node.end };
}

function taskInvocation(task: JsonNode, r: Reporter): Invocation | undefined {
  const toolNode = property(task, 'tool');
  if (toolNode?.kind !== 'string') return undefined;
  const spec = toolNamed(toolNode.value);
  if (!spec || !TOOLS.includes(toolNode.value)) {
    r.report('error', 'task.unknown-tool', toolNode.start + 1, toolNode.end - 1, t('npu-deploy convert runs one of {0}, not {1}', TOOLS.join(', '), toolNode.value));
    return undefined;
  }
  const argsNode = property(task, 'args');
  const words = argsNode?.kind === 'array' ? argsNode.items.filter((n): n is JsonNode & { kind: 'string' } => n.kind === 'string').map(wordOf) : [];
  // Placed on `[` of args (or on the tool): a removal of the first option then stops at the bracket.
  const at = argsNode?.kind === 'array' ? argsNode.start : toolNode.start;
  const inv = readOptions(spec, at, at + 1, words);
  // Options convert fills are never missing; expansions like ${input:…} are not seen into.
  inv.opaque = true;
  const owned = spec.tool === 'atc' ? ['model', 'weight', 'output'] : ['model', 'weight', 'outdir'];
  for (const use of inv.options) {
    if (owned.includes(use.name)) {
      // The first of the array takes the comma after it instead of the one before.
      const end = use.wholeStart === at + 1 ? (words.find((w) => w.start >= use.wholeEnd)?.start ?? use.wholeEnd) : use.wholeEnd;
      r.report('error', 'task.option-set-by-npu-deploy', use.start, use.end, t('--{0} is set by npu-deploy (the model is the task\'s "model", the results go to its "out"): leave it out of "args"', use.name), [
        { title: t('Remove {0}', `--${use.name}`), edits: [{ start: use.wholeStart, end, newText: '' }] },
      ]);
    }
  }
  inv.options = inv.options.filter((o) => !owned.includes(o.name));
  const model = property(task, 'model');
  if (model?.kind === 'string' && spec.modelOption) {
    let value = wordOf(model);
    if (value.text.startsWith(WORKSPACE)) value = { ...value, ...slicePiece(value, WORKSPACE.length + (/^[\\/]/.test(value.text.slice(WORKSPACE.length)) ? 1 : 0), value.text.length) };
    if (spec.tool === 'bmpaddle') value = programFolder(value);
    if (!value.text.includes('${')) {
      inv.options.unshift({ name: spec.modelOption, dashes: '--', start: model.start, end: model.start, value: { ...value, unknown: false }, wholeStart: model.start, wholeEnd: model.end, spec: spec.options.get(spec.modelOption) });
    }
  }
  return inv;
}

/**
 * A task may name a Paddle program file (`*.pdmodel`, `__model__`): `npu-deploy convert` uploads
 * its folder and gives bmpaddle that, so the folder is what is checked as bmpaddle's --model.
 */
function programFolder(value: Word): Word {
  const slash = Math.max(value.text.lastIndexOf('/'), value.text.lastIndexOf('\\'));
  const name = value.text.slice(slash + 1);
  if (!/\.pdmodel$/i.test(name) && name !== '__model__') return value;
  if (slash >= 0) return { ...value, ...slicePiece(value, 0, Math.max(slash, 1)) };
  // A program at the top of the workspace folder: the folder itself.
  return { ...value, ...slicePiece(value, 0, 0), text: '.', at: [value.start, value.start] };
}
