// The conversion form's checks as the user types: the rules of src/core/args (the language
// server's, run on an `npu-deploy` task built from the fields, so an option is checked exactly as
// in tasks.json, against the model), then what `npu-deploy convert` itself would refuse
// (toolArgs). Each message goes beside the field whose option it is about; what concerns no one
// field goes under the form.

import * as path from 'node:path';
import type { ArgDiagnostic } from '../args/argDiagnostic';
import { checkTasks } from '../args/taskChecks';
import type { HostConfig } from '../hosts/hostsFile';
import { t } from '../l10n';
import type { ModelService } from '../modelService';
import type { Severity } from '../diagnostics/diagnostic';
import { formFields, formToolArgs, OPEN_DIMENSION, optionFields, toolModelPath, type ConversionForm, type FormField } from './conversionForm';
import { ArgumentsRejected, toolInvocation, type ModelFacts } from './toolArgs';
import { toolFitsHost } from './toolChoice';

export interface FormMessage {
  severity: Severity;
  message: string;
}

export interface FormCheck {
  fields: Partial<Record<FormField, FormMessage[]>>;
  /** What concerns the whole command. */
  general: FormMessage[];
  /** Whether Convert may run (no error anywhere). */
  ok: boolean;
}

export interface FormCheckContext {
  models: ModelService;
  /** The hosts of the form's kind, as configured. */
  hosts: readonly HostConfig[];
  /** The model as read for the prefill (its inputs and outputs), for convert's own rules. */
  facts?: ModelFacts;
}

export async function checkConversionForm(form: ConversionForm, context: FormCheckContext): Promise<FormCheck> {
  const check: FormCheck = { fields: {}, general: [], ok: true };
  const add = (field: FormField | undefined, severity: Severity, message: string) => {
    if (severity === 'error') check.ok = false;
    if (!field) check.general.push({ severity, message });
    else (check.fields[field] ??= []).push({ severity, message });
  };
  const host = context.hosts.find((h) => h.name === form.host);
  if (!host) add('host', 'error', form.host ? t('no host named {0} in the npuDeploy.hosts setting', form.host) : t('Choose a host.'));
  else if (!toolFitsHost(form.tool, host.kind)) add('tool', 'error', t('{0} does not run on host {1} (a {2} host)', form.tool, host.name, host.kind));
  if (form.outDir.trim() !== '' && !path.isAbsolute(form.outDir.trim())) add('outDir', 'error', t('{0}: give the full path of a folder', form.outDir.trim()));
  const shown = new Set(formFields(form.tool));
  for (const field of ['shapes', 'inputShape'] as const) {
    if (shown.has(field) && form[field].includes(OPEN_DIMENSION)) add(field, 'error', t('the model leaves a dimension open: write its size in place of {0}', OPEN_DIMENSION));
  }
  if (!check.ok) return check;

  const task = taskText(form);
  // The model's folder stands as the workspace: the task's model is absolute either way.
  const tasksFile = path.join(path.dirname(form.model), '.vscode', 'tasks.json');
  for (const d of await checkTasks(tasksFile, task.text, { models: context.models })) add(fieldOf(d, task), d.severity, d.message);
  if (check.ok && host) {
    try {
      toolInvocation({ tool: form.tool, userArgs: formToolArgs(form), model: context.facts, extension: path.extname(form.model).toLowerCase(), remoteModel: 'model', jobFolder: 'job', host });
    } catch (e) {
      if (!(e instanceof ArgumentsRejected)) throw e;
      add(undefined, 'error', e.message);
    }
  }
  return check;
}

/** Where each word of the task's `args` sits in the one-line tasks.json the checks read. */
interface TaskText {
  tool: string;
  text: string;
  /** [start, end) offsets of each args string, quotes included, in the order of formToolArgs. */
  args: { start: number; end: number; option: string }[];
}

function taskText(form: ConversionForm): TaskText {
  const head = `{"tasks":[{"type":"npu-deploy","tool":${JSON.stringify(form.tool)},"model":${JSON.stringify(toolModelPath(form))},"args":[`;
  let text = head;
  const args: TaskText['args'] = [];
  for (const word of formToolArgs(form)) {
    if (args.length > 0) text += ',';
    const quoted = JSON.stringify(word);
    args.push({ start: text.length, end: text.length + quoted.length, option: /^--([^=]+)=/.exec(word)![1] });
    text += quoted;
  }
  text += ']}]}';
  return { tool: form.tool, text, args };
}

/** The field a diagnostic belongs to: the option whose word it sits on, or the option it names. */
function fieldOf(d: ArgDiagnostic, task: TaskText): FormField | undefined {
  // One line: the column is the offset.
  const offset = d.range.column - 1;
  const word = task.args.find((a) => offset >= a.start && offset < a.end);
  const option = word?.option ?? d.option ?? (/\.nms-needs-descs$/.test(d.code) ? 'descs' : undefined);
  const entry = optionFields(task.tool).find(([, o]) => o === option);
  return entry?.[0];
}
