// `npu-deploy check FILE… [--json]`: the language server's diagnostics for scripts that call the
// compilers (shell, Python, shebang files) and for prototxt files, one line each as
// `file:line:col: severity code message`, or with --json one array of
// {file, line, column, endLine, endColumn, severity, code, message} (1-based). Exit 1 when any
// diagnostic is an error, 0 otherwise; bad usage 2.

import * as path from 'node:path';
import { checkScript, scriptKind } from '../core/args/checkScript';
import type { Diagnostic } from '../core/diagnostics/diagnostic';
import { prototxtModelDiagnostics } from '../core/diagnostics/prototxtModelDiagnostics';
import { FileAccessError } from '../core/io/fileAccess';
import { nodeFileAccess } from '../core/io/nodeFileAccess';
import { t } from '../core/l10n';
import { ModelService } from '../core/modelService';
import { EXIT_BAD_INPUT } from './failure';
import { parseCommandArgs } from './usage';

/** A script bigger than this is no hand-written compile script; it is not read whole. */
const LARGEST_SCRIPT = 64 * 1024 * 1024;

export async function runCheck(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, { min: 1, max: Number.MAX_SAFE_INTEGER });
  const models = new ModelService();
  const found: Diagnostic[] = [];
  for (const file of positionals) found.push(...(await checkFile(file, models)));
  if (values.json) {
    const rows = found.map((d) => ({ file: d.file, line: d.range.line, column: d.range.column, endLine: d.range.endLine, endColumn: d.range.endColumn, severity: d.severity, code: d.code, message: d.message }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    process.stdout.write(found.map((d) => `${d.file}:${d.range.line}:${d.range.column}: ${d.severity} ${d.code} ${d.message}\n`).join(''));
  }
  return found.some((d) => d.severity === 'error') ? EXIT_BAD_INPUT : 0;
}

async function checkFile(file: string, models: ModelService): Promise<Diagnostic[]> {
  const whole = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  let text: string;
  try {
    text = await nodeFileAccess.readText(file, LARGEST_SCRIPT);
  } catch (e) {
    if (!(e instanceof FileAccessError)) throw e;
    return [{ file, range: whole, severity: 'error', code: 'check.unreadable', message: t('cannot read the file ({0})', e.code) }];
  }
  // Paths in diagnostics as the user gave them; models are found from the absolute path.
  const absolute = path.resolve(file);
  const rename = (d: Diagnostic): Diagnostic => ({ ...d, file: d.file === absolute ? file : d.file });
  if (/\.(prototxt|pbtxt)$/i.test(file)) return (await prototxtModelDiagnostics(models, absolute, text)).map(rename);
  if (!scriptKind(file, text)) {
    return [{ file, range: whole, severity: 'info', code: 'check.not-a-script', message: t('not a shell or Python script (by extension or shebang) nor a prototxt: nothing to check') }];
  }
  return (await checkScript(absolute, text, { models })).map(rename);
}
