// The Dump dialog's form: Dump Network's parameters as fields, checked here before the host is
// asked (a missing model, start ids, end ids or output path is said beside its field), then
// posted as one `dump` request. What the host refuses comes back for one field, on one line.

import type { BrowseField, DumpField, DumpForm, DumpHostMethods, DumpOutcome, DumpStrings } from '../../src/protocol/dumpMessages';
import { splitIds } from '../../src/protocol/dumpMessages';
import { format } from '../../src/protocol/strings';
import type { RequestClient } from '../../src/protocol/rpc';
import { h } from '../dom';
import { button, labelledField, setDisabled, type LabelledField } from '../ui';

type Host = Pick<RequestClient<DumpHostMethods>, 'request'>;

const FIELDS: DumpField[] = ['model', 'weights', 'starts', 'ends', 'dumpData', 'offlineModel', 'outDir'];

/** What the page keeps across being hidden (vscode.setState): the fields as the user left them. */
export type SavedDumpForm = Partial<DumpForm> & { weightsChosen?: boolean };

export function renderDumpForm(root: HTMLElement, host: Host, s: DumpStrings, initial: SavedDumpForm, save: (form: SavedDumpForm) => void = () => undefined): void {
  // The output path stays the model's folder until the user types or browses one; the weights
  // follow the model until the user names them.
  let outDirChosen = initial.outDirChosen ?? false;
  let weightsChosen = initial.weightsChosen ?? false;
  const keep = () => save({ ...current(), weightsChosen });
  const fields = {} as Record<DumpField, LabelledField>;
  const browse = (id: BrowseField) =>
    button({
      label: s.browse,
      secondary: true,
      onClick: () =>
        void host.request('browse', { field: id, current: fields[id].field.value }).then((picked) => {
          if (picked === null) return;
          fields[id].field.value = picked;
          fields[id].setError('');
          if (id === 'outDir') outDirChosen = true;
          if (id === 'weights') weightsChosen = true;
          if (id === 'model') void lookAtModel(picked);
          keep();
        }),
    });
  const make = (id: DumpField, label: string, value: string, extra: { hint?: string; onInput?: () => void; onChange?: (v: string) => void } = {}) => {
    fields[id] = labelledField({
      id,
      label,
      value,
      hint: extra.hint,
      addon: id === 'starts' || id === 'ends' ? undefined : browse(id),
      onInput: () => {
        fields[id].setError('');
        extra.onInput?.();
        keep();
      },
      onChange: extra.onChange,
    });
    return fields[id].row;
  };
  const optional = (label: string) => `${label} (${s.optional})`;

  const status = h('div', { class: 'dump-status', role: 'status', 'data-testid': 'status' });
  const dumpButton = button({ label: s.dump, onClick: () => void dump() });
  dumpButton.dataset.testid = 'dump';
  const graphButton = button({ label: s.showGraph, secondary: true, onClick: () => void host.request('showGraph', { model: fields.model.field.value.trim() }) });
  graphButton.dataset.testid = 'show-graph';

  root.replaceChildren(
    h(
      'div',
      { class: 'dump-form' },
      h('h1', {}, s.title),
      make('model', s.model, initial.model ?? '', { onChange: (v) => void lookAtModel(v.trim()) }),
      make('weights', optional(s.weights), initial.weights ?? '', { onInput: () => (weightsChosen = true) }),
      make('starts', s.starts, (initial.starts ?? []).join(', '), { hint: s.idsHint }),
      make('ends', s.ends, (initial.ends ?? []).join(', '), { hint: s.idsHint }),
      make('dumpData', optional(s.dumpData), initial.dumpData ?? ''),
      make('offlineModel', optional(s.offlineModel), initial.offlineModel ?? ''),
      make('outDir', s.outDir, initial.outDir ?? '', { onInput: () => (outDirChosen = true) }),
      h('div', { class: 'dump-actions' }, graphButton, dumpButton),
      status,
    ),
  );

  /** A new model: its weights beside it and its folder, unless the user chose others. */
  async function lookAtModel(model: string): Promise<void> {
    if (!model) return;
    const look = await host.request('lookAtModel', { model });
    if (!look.ok) {
      fields.model.setError(look.message);
      return;
    }
    fields.model.setError('');
    if (!weightsChosen) fields.weights.field.value = look.weights;
    if (!outDirChosen) fields.outDir.field.value = look.folder;
    keep();
  }

  function current(): DumpForm {
    const value = (id: DumpField) => fields[id].field.value.trim();
    return {
      model: value('model'),
      weights: value('weights'),
      starts: splitIds(fields.starts.field.value),
      ends: splitIds(fields.ends.field.value),
      dumpData: value('dumpData'),
      offlineModel: value('offlineModel'),
      outDir: value('outDir'),
      outDirChosen,
    };
  }

  /** The fields the form itself can tell are missing, each with its message. */
  function missing(form: DumpForm): [DumpField, string][] {
    const out: [DumpField, string][] = [];
    if (!form.model) out.push(['model', s.needModel]);
    if (form.starts.length === 0) out.push(['starts', s.needStarts]);
    if (form.ends.length === 0) out.push(['ends', s.needEnds]);
    if (!form.outDir) out.push(['outDir', s.needOutDir]);
    return out;
  }

  async function dump(): Promise<void> {
    const form = current();
    for (const id of FIELDS) fields[id].setError('');
    status.textContent = '';
    const problems = missing(form);
    if (problems.length > 0) {
      for (const [id, message] of problems) fields[id].setError(message);
      return;
    }
    setDisabled(dumpButton, true);
    status.textContent = s.dumping;
    let outcome: DumpOutcome;
    try {
      outcome = await host.request('dump', form);
    } catch (e) {
      outcome = { ok: false, message: e instanceof Error ? e.message : String(e) };
    } finally {
      setDisabled(dumpButton, false);
    }
    if (outcome.ok) status.textContent = format(s.done, outcome.folder);
    else if ('cancelled' in outcome) status.textContent = s.cancelled;
    else if (outcome.field) {
      status.textContent = '';
      fields[outcome.field].setError(outcome.message);
    } else status.textContent = outcome.message;
  }
}
