// The one door to the UI kit (@vscode-elements/elements, the successor of the archived
// webview-ui-toolkit). Views call these functions and never name a kit element themselves, so
// the kit can be swapped or upgraded here alone. Only the components used are imported.
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';

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
