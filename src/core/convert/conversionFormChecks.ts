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
import { pirRouteCompiler } from './pirRouteJob';
import { pirRoutesMessage, refusesPirProgram } from './pirRoutes';
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
  /**
   * The model is a Paddle 3 PIR program the chosen tool cannot read: why, with both routes, and
   * the compiler the ONNX route ends in, which Convert then runs (paddle2onnx first, in one job).
   */
  pirRoute?: { message: string; compiler: string };
}

export interface FormCheckContext {
  models: ModelService;
  /** The hosts of the form's kind, as configured. */
  hosts: readonly HostConfig[];
  /** The model as read for the prefill (its inputs and outputs), for convert's own rules. */
  facts?: ModelFacts;
  /** The format the model was read as (`pir` for a Paddle 3 program). */
  format?: string;
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
  if (form.statErr === '1' && shown.has('statErr') && /^(false|0)$/i.test(form.cmp.trim())) {
    add('statErr', 'warning', t('the per-layer error statistics come from the compare step: with --cmp=false there are none'));
  }
  if (!check.ok) return check;

  // A PIR program goes through ONNX in the same job (pirRouteJob.ts): the refusal of the chosen
  // tool becomes the offer of that route, and the fields are checked as that compiler takes them.
  const routed = context.format === 'pir' && refusesPirProgram(form.tool) && host !== undefined;
  const compiler = routed ? pirRouteCompiler(host.kind) : form.tool;
  if (routed) check.pirRoute = { message: pirRoutesMessage(form.tool), compiler };
  const task = taskText(form);
  // The model's folder stands as the workspace: the task's model is absolute either way.
  const tasksFile = path.join(path.dirname(form.model), '.vscode', 'tasks.json');
  for (const d of await checkTasks(tasksFile, task.text, { models: context.models })) {
    if (routed && d.code.endsWith('.pir-program')) continue;
    add(fieldOf(d, task), d.severity, d.message);
  }
  if (check.ok && host) {
    try {
      // As the job runs it: the ONNX route's compiler reads the program's names and shapes from the ONNX file.
      const model = routed && context.facts ? { ...context.facts, framework: undefined } : context.facts;
      toolInvocation({ tool: compiler, userArgs: formToolArgs(form), model, extension: routed ? '.onnx' : path.extname(form.model).toLowerCase(), remoteModel: 'model', jobFolder: 'job', host });
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
