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
