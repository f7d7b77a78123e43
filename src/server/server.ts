// The language server process (dist/server.js), started by the extension over IPC. It validates
// prototxt documents, and the compiler calls of shell scripts and Python files (with quick
// fixes, hover and completion: scriptChecks.ts, scriptAssist.ts), on open and change. The checks
// live in src/core so the CLI runs the same ones; this file only turns them into LSP messages. Core writes its
// messages through @vscode/l10n (src/core/l10n.ts), bundled into this file as the same module
// instance configured below, so they arrive already localised.
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { CodeActionKind, createConnection, DiagnosticSeverity, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type Diagnostic } from 'vscode-languageserver/node';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { diagnosticsOfRead } from '../core/diagnostics/prototxtModelDiagnostics';
import { ModelService } from '../core/modelService';
import { capDiagnostics, type Severity } from '../core/diagnostics/diagnostic';
import { lineDocuments, type LineDocument } from './lineDocument';
import { checkScriptDocument, forgetScript, isScript, scriptCodeActions } from './scriptChecks';
import { scriptCompletion, scriptHover, type OpenScript } from './scriptAssist';
import { prototxtCompletion, prototxtDefinition, prototxtHover, prototxtPrepareRename, prototxtReferences, prototxtRename, prototxtSymbols } from './prototxtFeatures';
import { PrototxtReads, type OpenPrototxt } from './prototxtReads';
import { prototxtDebounce } from './prototxtDebounce';
import { CheckGates } from './checkGates';

/**
 * Scripts are checked at once: a few hundred lines of command words cost a millisecond or two,
 * and the squiggle should follow the typing (a prototxt of 20,000 layers is another matter).
 */
const SCRIPT_DEBOUNCE_MS = 0;
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(lineDocuments);
const pending = new Map<string, NodeJS.Timeout>();
/** The models documents are read as: the same service the extension host uses, its own instance. */
const models = new ModelService();
/** One read per prototxt version, for its diagnostics and its language features alike. */
const reads = new PrototxtReads(models);
/** Per prototxt, when its last change came: changes close together are typing. */
const changedAt = new Map<string, number>();
/** Per document, the number of the newest validation started: an older one finishing late is dropped. */
const generation = new Map<string, number>();
/** Prototxt features wait for the document's scheduled check, so its diagnostics go out first. */
const gates = new CheckGates();

connection.onInitialize(async (params) => {
  const locale = (params.initializationOptions as { locale?: string } | undefined)?.locale ?? params.locale ?? 'en';
  await loadTranslations(locale);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['-', '=', ',', '"', "'"] },
      documentSymbolProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
    },
  };
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

/** A document's path for the readers: a file URI's path, else the URI itself (untitled, virtual). */
function fileOf(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    // A URI Node cannot turn into a path here (a UNC host, an encoded '/'): read it by its URI.
    return uri;
  }
}

async function validate(doc: LineDocument): Promise<void> {
  const started = (generation.get(doc.uri) ?? 0) + 1;
  generation.set(doc.uri, started);
  let diagnostics: Diagnostic[];
  try {
    const file = fileOf(doc.uri);
    const text = doc.getText();
    const checked = doc.languageId === 'caffe-prototxt'
      ? diagnosticsOfRead(await reads.read({ uri: doc.uri, version: doc.version, text, file }), file, text)
      : await checkScriptDocument(doc.uri, file === doc.uri ? undefined : file, text, doc.languageId, models);
    const found = capDiagnostics(checked, (n) => l10n.t('{0} more problems in this file are not shown', n));
    diagnostics = found.map((d) => ({
      range: { start: { line: d.range.line - 1, character: d.range.column - 1 }, end: { line: d.range.endLine - 1, character: d.range.endColumn - 1 } },
      severity: severities[d.severity],
      code: d.code,
      source: 'npu-deploy',
      message: d.message,
    }));
  } catch (e) {
    // Nothing a document holds may stop the server: say what failed, on the document, and go on.
    connection.console.error(`validating ${doc.uri}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    diagnostics = [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Warning, code: 'npu-deploy.internal', source: 'npu-deploy', message: l10n.t('NPU Deploy could not check this file (an internal error; see the output log): {0}', e instanceof Error ? e.message : String(e)) }];
  }
  // A newer validation of this document started meanwhile: its diagnostics are the ones to show.
  if (generation.get(doc.uri) !== started || !documents.get(doc.uri)) return;
  void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  if (!pending.has(doc.uri)) gates.release(doc.uri);
}

function schedule(doc: LineDocument, delay: number): void {
  if (doc.languageId === 'caffe-prototxt') gates.hold(doc.uri);
  clearTimeout(pending.get(doc.uri));
  pending.set(doc.uri, setTimeout(() => {
    pending.delete(doc.uri);
    const current = documents.get(doc.uri);
    if (current) void validate(current);
  }, delay));
}

/** Whether the server has anything to say about a document: prototxt, or a script calling the compilers. */
function served(doc: LineDocument): boolean {
  return doc.languageId === 'caffe-prototxt' || isScript(fileOf(doc.uri), doc.getText(), doc.languageId);
}

documents.onDidOpen((e) => {
  if (served(e.document)) schedule(e.document, 0);
});
documents.onDidChangeContent((e) => {
  if (e.document.languageId === 'caffe-prototxt') {
    const now = performance.now();
    schedule(e.document, prototxtDebounce(reads.lastCost(e.document.uri), now - (changedAt.get(e.document.uri) ?? -Infinity)));
    changedAt.set(e.document.uri, now);
  } else schedule(e.document, SCRIPT_DEBOUNCE_MS);
});
documents.onDidClose((e) => {
  forgetScript(e.document.uri);
  reads.forget(e.document.uri);
  changedAt.delete(e.document.uri);
  clearTimeout(pending.get(e.document.uri));
  pending.delete(e.document.uri);
  generation.delete(e.document.uri);
  gates.release(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onCodeAction((params) => scriptCodeActions(params.textDocument.uri, params.range, params.context.diagnostics));
/** An open document other than a prototxt, as hover and completion read it. */
function openScript(uri: string): OpenScript | undefined {
  const doc = documents.get(uri);
  if (!doc || doc.languageId === 'caffe-prototxt') return undefined;
  const file = fileOf(uri);
  return { uri, text: doc.getText(), languageId: doc.languageId, file: file === uri ? undefined : file };
}

/** An open prototxt as it is now (completion reads only its text). */
function currentPrototxt(uri: string): OpenPrototxt | undefined {
  const doc = documents.get(uri);
  if (!doc || doc.languageId !== 'caffe-prototxt') return undefined;
  return { uri, version: doc.version, text: doc.getText(), file: fileOf(uri) };
}

/** An open prototxt, as its language features read it, once its scheduled check has published. */
async function openPrototxt(uri: string): Promise<OpenPrototxt | undefined> {
  await gates.settled(uri);
  return currentPrototxt(uri);
}

connection.onHover(async (params) => {
  const proto = await openPrototxt(params.textDocument.uri);
  if (proto) return prototxtHover(proto, reads, params.position);
  const doc = openScript(params.textDocument.uri);
  return doc ? scriptHover(doc, params.position) : undefined;
});
connection.onDocumentSymbol(async (params) => {
  const doc = await openPrototxt(params.textDocument.uri);
  return doc ? prototxtSymbols(doc, reads) : [];
});
connection.onDefinition(async (params) => {
  const doc = await openPrototxt(params.textDocument.uri);
  return doc ? prototxtDefinition(doc, reads, params.position) : [];
});
connection.onReferences(async (params) => {
  const doc = await openPrototxt(params.textDocument.uri);
  return doc ? prototxtReferences(doc, reads, params.position, params.context.includeDeclaration) : [];
});
connection.onPrepareRename(async (params) => {
  const doc = await openPrototxt(params.textDocument.uri);
  return doc ? prototxtPrepareRename(doc, reads, params.position) : null;
});
connection.onRenameRequest(async (params) => {
  const doc = await openPrototxt(params.textDocument.uri);
  return doc ? prototxtRename(doc, reads, params.position, params.newName) : null;
});
connection.onCompletion(async (params) => {
  const proto = currentPrototxt(params.textDocument.uri);
  if (proto) return prototxtCompletion(proto, params.position);
  const doc = openScript(params.textDocument.uri);
  return doc ? scriptCompletion(doc, params.position, models) : [];
});

documents.listen(connection);
connection.listen();
