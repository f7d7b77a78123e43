// The conversion form: the fields of `npu-deploy convert` prefilled by the host, each checked as
// the user types (the host runs src/core/args on them and answers with a message per field),
// the rows shown being those the chosen tool takes. Convert, Copy command line and Save as task
// are the host's; the page shows what they say.

import type { ConversionForm, ConvertHostMethods, ConvertOutcome, ConvertStrings, FormField, FormState, HostChoice } from '../../src/protocol/convertMessages';
import type { RequestClient } from '../../src/protocol/rpc';
import { format } from '../../src/protocol/strings';
import { h } from '../dom';
import { button, labelledChoice, labelledField, setDisabled, type LabelledField } from '../ui';

type Host = Pick<RequestClient<ConvertHostMethods>, 'request'>;

/** Every field the page can show, in order; each tool shows its own subset. */
const ORDER: FormField[] = ['host', 'tool', 'inputNames', 'shapes', 'outputNames', 'descs', 'netName', 'target', 'opt', 'cmp', 'statErr', 'framework', 'inputShape', 'socVersion', 'weight', 'outDir'];

/** Fields with a fixed set of values, shown as drop-downs. */
const CHOICES: Partial<Record<FormField, string[]>> = {
  target: ['BM1682', 'BM1684', 'BM1684X'],
  opt: ['0', '1', '2'],
  cmp: ['true', 'false'],
  framework: ['0', '1', '3', '5'],
};

/** How long typing pauses before the fields are checked. */
const CHECK_DELAY_MS = 150;

export interface ConvertPageInput {
  strings: ConvertStrings;
  form: ConversionForm;
  hosts: HostChoice[];
  tools: string[];
  state: FormState;
  /** The fields are not the ones `state` was computed for: check them at once. */
  recheck?: boolean;
}

export function renderConvertForm(root: HTMLElement, host: Host, input: ConvertPageInput, save: (form: ConversionForm) => void = () => undefined): void {
  const s = input.strings;
  const form: ConversionForm = { ...input.form };
  const fields = {} as Record<FormField, LabelledField>;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;

  const changed = (id: FormField, value: string) => {
    form[id] = value;
    save({ ...form });
    clearTimeout(timer);
    timer = setTimeout(() => void recheck(), CHECK_DELAY_MS);
  };
  const choiceOf = (id: FormField): { value: string; label: string }[] | undefined => {
    if (id === 'host') return input.hosts.map((c) => ({ value: c.name, label: c.detail ? `${c.name} — ${c.detail}` : c.name }));
    if (id === 'tool') return input.tools.map((tool) => ({ value: tool, label: tool }));
    if (id === 'statErr') return [{ value: '0', label: s.statErrOff }, { value: '1', label: s.statErrOn }];
    return CHOICES[id]?.map((v) => ({ value: v, label: v }));
  };
  for (const id of ORDER) {
    const choices = choiceOf(id);
    const label = s.labels[id];
    if (choices) {
      fields[id] = labelledChoice({ id, label, value: form[id], choices, onChange: (v) => changed(id, v) });
      continue;
    }
    const addon =
      id === 'outDir'
        ? button({
            label: s.browse,
            secondary: true,
            onClick: () =>
              void host.request('browseOutDir', { current: fields.outDir.field.value }).then((picked) => {
                if (picked === null) return;
                fields.outDir.field.value = picked;
                changed('outDir', picked);
              }),
          })
        : undefined;
    fields[id] = labelledField({ id, label, value: form[id], hint: s.hints[id], addon, onInput: (v) => changed(id, v) });
    // The weights are found beside the prototxt and passed by npu-deploy itself: shown, not typed.
    if (id === 'weight') fields[id].field.setAttribute('readonly', '');
  }

  const general = h('ul', { class: 'convert-general', 'data-testid': 'general', role: 'alert' });
  // A PIR program the chosen tool cannot read: why, the routes, and Convert goes through ONNX.
  const pirRoute = h('div', { class: 'convert-notice', 'data-testid': 'pir-route', role: 'note' });
  // A compile that failed in its compare step: why that happens, and the same job without it.
  const againButton = button({ label: s.compileWithoutCmp, onClick: () => void compileWithoutCmp() });
  againButton.dataset.testid = 'compile-without-cmp';
  const compareFailed = h('div', { class: 'convert-notice', 'data-testid': 'compare-failed', role: 'alert' }, h('p', {}, s.compareFailed), againButton);
  compareFailed.hidden = true;
  const status = h('div', { class: 'convert-status', role: 'status', 'data-testid': 'status' });
  const commandLine = h('code', { class: 'convert-command', 'data-testid': 'command-line' });
  const convertButton = button({ label: s.convert, onClick: () => void convert() });
  convertButton.dataset.testid = 'convert';
  const copyButton = button({
    label: s.copyCommandLine,
    secondary: true,
    onClick: () => void host.request('copyCommandLine', { ...form }).then(() => (status.textContent = s.copied)),
  });
  copyButton.dataset.testid = 'copy-command-line';
  const saveButton = button({
    label: s.saveAsTask,
    secondary: true,
    onClick: () =>
      void host.request('saveAsTask', { ...form }).then((outcome) => {
        status.textContent = outcome.ok ? format(s.saved, outcome.file) : outcome.message;
      }),
  });
  saveButton.dataset.testid = 'save-as-task';

  root.replaceChildren(
    h(
      'div',
      { class: 'convert-form' },
      h('h1', {}, s.title),
      h('div', { class: 'convert-model', 'data-testid': 'model' }, form.model),
      ...ORDER.map((id) => fields[id].row),
      general,
      pirRoute,
      h('div', { class: 'convert-actions' }, copyButton, saveButton, convertButton),
      status,
      compareFailed,
      commandLine,
    ),
  );
  show(input.state);
  if (input.recheck) void recheck();

  /** Shows the rows of the chosen tool and each field's messages. */
  function show(state: FormState): void {
    const shown = new Set(state.fields);
    for (const id of ORDER) {
      fields[id].row.hidden = !shown.has(id);
      const messages = state.check.fields[id] ?? [];
      const error = messages.find((m) => m.severity === 'error');
      if (error) fields[id].setError(error.message);
      else fields[id].setWarning(messages[0]?.message ?? '');
    }
    general.replaceChildren(...state.check.general.map((m) => h('li', { class: m.severity === 'error' ? 'general-error' : 'general-warning' }, m.message)));
    commandLine.textContent = state.commandLine;
    const route = state.check.pirRoute;
    pirRoute.hidden = !route;
    pirRoute.textContent = route?.message ?? '';
    convertButton.textContent = route ? format(s.convertThroughOnnx, route.compiler) : s.convert;
    setDisabled(convertButton, !state.check.ok);
  }

  async function recheck(): Promise<void> {
    const ask = ++asked;
    const state = await host.request('check', { ...form });
    // An older answer arriving after a newer one is dropped: the fields have moved on.
    if (ask === asked) show(state);
  }

  async function convert(): Promise<void> {
    clearTimeout(timer);
    setDisabled(convertButton, true);
    compareFailed.hidden = true;
    status.textContent = s.converting;
    let outcome: ConvertOutcome;
    try {
      outcome = await host.request('convert', { ...form });
    } catch (e) {
      outcome = { verdict: 'failure', message: e instanceof Error ? e.message : String(e) };
    }
    setDisabled(convertButton, false);
    if (outcome.verdict === 'refused') {
      status.textContent = s.fixErrors;
      show(outcome.state);
    } else if (outcome.verdict === 'success') status.textContent = format(s.succeeded, outcome.outputs.join(', '));
    else {
      status.textContent = outcome.message;
      compareFailed.hidden = !outcome.compareFailed;
    }
  }

  /** The same job again with --cmp=false, the field showing it. */
  async function compileWithoutCmp(): Promise<void> {
    fields.cmp.field.value = 'false';
    form.cmp = 'false';
    save({ ...form });
    await convert();
  }
}
