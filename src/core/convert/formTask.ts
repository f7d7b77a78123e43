// "Save as task": the form as an `npu-deploy` task (the shape conversionTaskLine reads) and its
// insertion into the user's .vscode/tasks.json as a splice of the text, so the user's comments,
// order and layout stay as they were. A file that cannot be read as JSON with comments is left
// alone: the caller says so instead of overwriting it.

import * as path from 'node:path';
import { property, readJsonc } from '../args/jsoncTree';
import { t } from '../l10n';
import { formEnv, formToolArgs, type ConversionForm } from './conversionForm';

export interface FormTaskDefinition {
  label: string;
  type: 'npu-deploy';
  model: string;
  host: string;
  tool: string;
  out?: string;
  args: string[];
  /** The compiler's variables for the tool on the host (BMCOMPILER_STAT_ERR …), when the form sets any. */
  env?: Record<string, string>;
}

/** Paths inside the workspace folder are written from `${workspaceFolder}`, so the task moves with the folder. */
export function formTask(form: ConversionForm, workspaceFolder: string | undefined): FormTaskDefinition {
  const place = (file: string) => {
    if (!workspaceFolder) return file;
    const relative = path.relative(workspaceFolder, file);
    if (relative === '') return '${workspaceFolder}';
    return relative.startsWith('..') || path.isAbsolute(relative) ? file : `\${workspaceFolder}/${relative.split(path.sep).join('/')}`;
  };
  const task: FormTaskDefinition = {
    label: `npu-deploy: ${path.basename(form.model)} (${form.tool}, ${form.host})`,
    type: 'npu-deploy',
    model: place(form.model),
    host: form.host,
    tool: form.tool,
    args: formToolArgs(form),
  };
  if (form.outDir.trim() !== '') task.out = place(form.outDir.trim());
  const env = formEnv(form);
  if (Object.keys(env).length > 0) task.env = env;
  return task;
}

export class TasksFileUnreadable extends Error {
  override readonly name = 'TasksFileUnreadable';
}

/**
 * `text` (a tasks.json, or undefined when there is none) with `task` added at the end of its
 * `tasks` array; an object without `tasks` gets one. Throws TasksFileUnreadable when `text` is
 * not a JSON object (with comments allowed) or its `tasks` is not an array.
 */
export function withTaskAdded(text: string | undefined, task: object, file: string): string {
  if (text === undefined || text.trim() === '') return `${JSON.stringify({ version: '2.0.0', tasks: [task] }, null, 2)}\n`;
  const root = readJsonc(text);
  if (root?.kind !== 'object') throw new TasksFileUnreadable(t('{0} is not a JSON object: fix it, then save the task again', file));
  const tasks = property(root, 'tasks');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const unit = indentUnit(text);
  if (tasks === undefined) {
    const last = root.properties[root.properties.length - 1]?.value;
    const at = last ? last.end : root.start + 1;
    const item = block(JSON.stringify(task, null, 2), unit, eol, unit + unit);
    const member = `"tasks": [${eol}${unit}${unit}${item}${eol}${unit}]`;
    return `${text.slice(0, at)}${last ? ',' : ''}${eol}${unit}${member}${last ? '' : eol}${text.slice(at)}`;
  }
  if (tasks.kind !== 'array') throw new TasksFileUnreadable(t('"tasks" in {0} is not an array: fix it, then save the task again', file));
  const last = tasks.items[tasks.items.length - 1];
  const itemIndent = last ? lineIndent(text, last.start) : unit + unit;
  const item = block(JSON.stringify(task, null, 2), unit, eol, itemIndent);
  if (last) return `${text.slice(0, last.end)},${eol}${itemIndent}${item}${text.slice(last.end)}`;
  const closing = lineIndent(text, tasks.end - 1);
  return `${text.slice(0, tasks.start + 1)}${eol}${itemIndent}${item}${eol}${closing}${text.slice(tasks.end - 1)}`;
}

/** JSON.stringify's two-space layout in the file's own indent unit, each line after the first shifted by `base`. */
function block(json: string, unit: string, eol: string, base = ''): string {
  return json
    .split('\n')
    .map((line, i) => {
      const depth = /^ */.exec(line)![0].length / 2;
      return `${i === 0 ? '' : base}${unit.repeat(depth)}${line.trimStart()}`;
    })
    .join(eol);
}

/** The blanks that start the line holding `offset`, when only blanks precede it there. */
function lineIndent(text: string, offset: number): string {
  const start = Math.max(text.lastIndexOf('\n', offset - 1) + 1, 0);
  const before = text.slice(start, offset);
  return /^[ \t]*$/.test(before) ? before : /^[ \t]*/.exec(before)![0];
}

/** The file's first indentation (a tab or some spaces); two spaces when it has none. */
function indentUnit(text: string): string {
  return /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
}
