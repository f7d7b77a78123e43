// The one door to the UI kit (@vscode-elements/elements, the successor of the archived
// webview-ui-toolkit). Views call these functions and never name a kit element themselves, so
// the kit can be swapped or upgraded here alone. Only the components used are imported.
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-context-menu/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';

export function searchField(options: { placeholder: string; value: string; label: string; onInput: (value: string) => void }): HTMLElement {
  const field = document.createElement('vscode-textfield');
  field.setAttribute('placeholder', options.placeholder);
  field.setAttribute('aria-label', options.label);
  field.setAttribute('type', 'search');
  field.value = options.value;
  field.addEventListener('input', () => options.onInput(field.value));
  return field;
}

export function button(options: { label: string; secondary?: boolean; onClick: () => void }): HTMLElement {
  const b = document.createElement('vscode-button');
  b.textContent = options.label;
  if (options.secondary) b.setAttribute('secondary', '');
  b.addEventListener('click', options.onClick);
  return b;
}

export function badge(text: string | number, title?: string): HTMLElement {
  const b = document.createElement('vscode-badge');
  b.textContent = String(text);
  if (title) b.title = title;
  return b;
}

export function progressRing(label: string): HTMLElement {
  const r = document.createElement('vscode-progress-ring');
  r.setAttribute('aria-label', label);
  return r;
}

/**
 * Tabs over panels the caller builds. The kit's element hides the panels that are not selected;
 * `onSelect` hears the user's choice. Each header and panel takes the test id `tab-<id>` and
 * `panel-<id>`; `addons` sit at the right end of the header row.
 */
export function tabs(options: { tabs: { id: string; label: string; content: HTMLElement }[]; selected: number; onSelect: (index: number) => void; addons?: HTMLElement }): HTMLElement {
  const t = document.createElement('vscode-tabs');
  t.selectedIndex = options.selected;
  for (const tab of options.tabs) {
    const header = document.createElement('vscode-tab-header');
    header.setAttribute('slot', 'header');
    header.dataset.testid = `tab-${tab.id}`;
    header.textContent = tab.label;
    t.append(header);
  }
  for (const tab of options.tabs) {
    const panel = document.createElement('vscode-tab-panel');
    panel.dataset.testid = `panel-${tab.id}`;
    panel.append(tab.content);
    t.append(panel);
  }
  if (options.addons) {
    options.addons.setAttribute('slot', 'addons');
    t.append(options.addons);
  }
  t.addEventListener('vsc-tabs-select', (e) => options.onSelect(e.detail.selectedIndex));
  return t;
}

/**
 * A labelled text field: the kit's textfield with its label above and a one-line message below
 * for what is wrong with it (role=alert, so a screen reader says it when it appears). The field
 * takes the test id `field-<id>` and the message `error-<id>`; `addon` (a Browse button) sits
 * beside the field.
 */
export interface LabelledField {
  row: HTMLElement;
  field: HTMLElement & { value: string };
  setError(message: string): void;
  /** A message that does not make the field invalid (a warning), in the same place. */
  setWarning(message: string): void;
}

export function labelledField(options: { id: string; label: string; value: string; hint?: string; onInput?: (value: string) => void; onChange?: (value: string) => void; addon?: HTMLElement }): LabelledField {
  const field = document.createElement('vscode-textfield');
  field.id = `field-${options.id}`;
  field.dataset.testid = `field-${options.id}`;
  field.setAttribute('aria-label', options.label);
  field.value = options.value;
  if (options.hint) field.setAttribute('placeholder', options.hint);
  field.addEventListener('input', () => options.onInput?.(field.value));
  field.addEventListener('change', () => options.onChange?.(field.value));
  const line = document.createElement('div');
  line.className = 'field-line';
  line.append(field);
  if (options.addon) line.append(options.addon);
  return labelledRow(options.id, options.label, field, line);
}

function labelledRow(id: string, labelText: string, field: HTMLElement & { value: string }, line: HTMLElement): LabelledField {
  const error = document.createElement('div');
  error.className = 'field-error';
  error.dataset.testid = `error-${id}`;
  error.setAttribute('role', 'alert');
  const label = document.createElement('vscode-label');
  label.setAttribute('for', field.id);
  label.textContent = labelText;
  const row = document.createElement('div');
  row.className = 'field-row';
  row.dataset.field = id;
  row.append(label, line, error);
  return {
    row,
    field,
    setError(message) {
      error.textContent = message;
      error.classList.remove('field-warning');
      field.toggleAttribute('invalid', message !== '');
    },
    setWarning(message) {
      error.textContent = message;
      error.classList.toggle('field-warning', message !== '');
      field.removeAttribute('invalid');
    },
  };
}

/**
 * The one drop-down of the kit's, for a choice among fixed values (a host, a tool, a chip, a
 * metric): the same row, test ids and message line as labelledField, so its visible label is
 * bound to it. `onChange` hears the chosen value.
 */
export function labelledChoice(options: { id: string; label: string; value: string; choices: { value: string; label: string }[]; onChange: (value: string) => void }): LabelledField {
  const field = document.createElement('vscode-single-select');
  field.id = `field-${options.id}`;
  field.dataset.testid = `field-${options.id}`;
  field.setAttribute('aria-label', options.label);
  for (const choice of options.choices) {
    const option = document.createElement('vscode-option');
    option.value = choice.value;
    option.textContent = choice.label;
    if (choice.value === options.value) option.selected = true;
    field.append(option);
  }
  field.addEventListener('change', () => options.onChange(field.value));
  const line = document.createElement('div');
  line.className = 'field-line';
  line.append(field);
  return labelledRow(options.id, options.label, field, line);
}

/** Enables or disables a button made by button(). */
export function setDisabled(b: HTMLElement, disabled: boolean): void {
  (b as HTMLElement & { disabled: boolean }).disabled = disabled;
}

export type MenuEntry = { label: string; value: string } | 'separator';

/**
 * A context menu of the kit's, shown at once and focused (arrows, Enter and Escape work in it).
 * `onSelect` hears the chosen value and whether Shift was held while choosing; `onClose` hears
 * every way it closes (a choice, Escape, a click elsewhere), so the caller can remove it and give
 * focus back. The host element is the named menu and its items are given their roles.
 */
export function contextMenu(options: { label: string; entries: MenuEntry[]; onSelect: (value: string, shift: boolean) => void; onClose: () => void }): HTMLElement {
  const menu = document.createElement('vscode-context-menu');
  menu.setAttribute('role', 'menu');
  menu.setAttribute('aria-label', options.label);
  menu.data = options.entries.map((e) => (e === 'separator' ? { separator: true } : { label: e.label, value: e.value }));
  let shift = false;
  // Capture runs before the item's own click handler, which fires the select event.
  menu.addEventListener('click', (e) => (shift = e.shiftKey), { capture: true });
  menu.addEventListener('keydown', (e) => (shift = e.shiftKey), { capture: true });
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    observer.disconnect();
    options.onClose();
  };
  menu.addEventListener('vsc-context-menu-select', (e) => options.onSelect(e.detail.value, shift));
  // The kit closes itself (a choice, Escape, a click outside) by dropping its `show` state; it
  // fires no event for that, but its rendered content goes away.
  const observer = new MutationObserver(() => {
    if (!menu.show) close();
  });
  queueMicrotask(() => {
    menu.show = true;
    void menu.updateComplete.then(() => {
      const root = menu.shadowRoot;
      if (!root) return;
      // The kit's items carry no roles: given here so a screen reader hears a menu of items.
      for (const item of root.querySelectorAll('vscode-context-menu-item')) {
        const separator = item.hasAttribute('separator');
        item.setAttribute('role', separator ? 'separator' : 'menuitem');
        if (!separator) item.setAttribute('aria-label', item.getAttribute('label') ?? '');
      }
      observer.observe(root, { childList: true, subtree: true });
    });
  });
  return menu;
}

/** A checkbox of the kit's with its label. Takes the test id `checkbox-<id>`. */
export function checkbox(options: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void }): HTMLElement {
  const box = document.createElement('vscode-checkbox');
  box.dataset.testid = `checkbox-${options.id}`;
  box.label = options.label;
  box.checked = options.checked;
  box.addEventListener('change', () => options.onChange(box.checked));
  return box;
}

/**
 * A slider. The kit has none, so this is the page's own range input, styled from the theme's
 * variables in the stylesheet (`input.slider`); it lives here so views still name no control of their own.
 * Takes the test id `slider-<id>`.
 */
export function slider(options: { id: string; label: string; min: number; max: number; step: number; value: number; onInput: (value: number) => void }): HTMLInputElement {
  const input = document.createElement('input');
  input.type = 'range';
  input.className = 'slider';
  input.dataset.testid = `slider-${options.id}`;
  input.setAttribute('aria-label', options.label);
  input.min = String(options.min);
  input.max = String(options.max);
  input.step = String(options.step);
  input.value = String(options.value);
  input.addEventListener('input', () => options.onInput(Number(input.value)));
  return input;
}
