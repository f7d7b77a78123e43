// Localisable messages for src/core, without VS Code: the readers' errors and warnings are
// English templates with `{0}` placeholders passed through t(), translated by whichever host
// configured a bundle (the extension host at activation, the language server from its locale).
// Unconfigured (the CLI, tests) they stay English. Values in placeholders (file names, field
// names, numbers, type names) are data and never translated. Templates are literal
// single-quoted strings right inside t( so test/webview/l10nBundle.test.ts can find them all.
import * as l10n from '@vscode/l10n';

export type MessageArg = string | number | boolean;

/** `message` translated by the configured bundle (English if none), `{0}`, `{1}` … filled from `args`. */
export function t(message: string, ...args: MessageArg[]): string {
  return l10n.t(message, ...args);
}

/** Uses `contents` (a parsed `bundle.l10n.<locale>.json`) for core's messages; `{}` goes back to English. */
export function configureCoreL10n(contents: Record<string, string> | undefined): void {
  if (contents) l10n.config({ contents });
}
