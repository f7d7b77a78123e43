// The language server process (dist/server.js), started by the extension over IPC. For now it
// validates prototxt documents on open and change (debounced). The checks live in src/core so
// the CLI runs the same ones; this file only turns them into LSP diagnostics. Core writes its
// messages through @vscode/l10n (src/core/l10n.ts), bundled into this file as the same module
// instance configured below, so they arrive already localised.
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { createConnection, DiagnosticSeverity, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { prototxtDiagnostics } from '../core/diagnostics/prototxtDiagnostics';
import type { Severity } from '../core/diagnostics/diagnostic';

const DEBOUNCE_MS = 300;
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const pending = new Map<string, NodeJS.Timeout>();

connection.onInitialize(async (params) => {
  const locale = (params.initializationOptions as { locale?: string } | undefined)?.locale ?? params.locale ?? 'en';
  await loadTranslations(locale);
  return { capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } };
});

/** dist/server.js reads l10n/bundle.l10n.<locale>.json of the extension; English needs none. */
async function loadTranslations(locale: string): Promise<void> {
  const lower = locale.toLowerCase();
  if (lower === 'en' || lower.startsWith('en-')) return;
  const dir = path.join(__dirname, '..', 'l10n');
  for (const name of [lower, lower.split('-')[0]]) {
    try {
      await l10n.config({ fsPath: path.join(dir, `bundle.l10n.${name}.json`) });
      return;
    } catch {
      // no bundle for this locale: try the language alone, then stay English
    }
  }
}

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function validate(doc: TextDocument): void {
  const file = doc.uri.startsWith('file:') ? fileURLToPath(doc.uri) : doc.uri;
  const diagnostics: Diagnostic[] = prototxtDiagnostics(doc.getText(), file).map((d) => ({
    range: { start: { line: d.range.line - 1, character: d.range.column - 1 }, end: { line: d.range.endLine - 1, character: d.range.endColumn - 1 } },
    severity: severities[d.severity],
    code: d.code,
    source: 'npu-deploy',
    message: d.message,
  }));
  void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
}

function schedule(doc: TextDocument, delay: number): void {
  clearTimeout(pending.get(doc.uri));
  pending.set(doc.uri, setTimeout(() => {
    pending.delete(doc.uri);
    const current = documents.get(doc.uri);
    if (current) validate(current);
  }, delay));
}

documents.onDidOpen((e) => schedule(e.document, 0));
documents.onDidChangeContent((e) => schedule(e.document, DEBOUNCE_MS));
documents.onDidClose((e) => {
  clearTimeout(pending.get(e.document.uri));
  pending.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

documents.listen(connection);
connection.listen();
