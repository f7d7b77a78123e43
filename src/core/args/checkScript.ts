// The argument checks of one script, for the language server and `npu-deploy check`: find the
// compiler calls (shell or Python), check each against its tool's table, and, given a
// ModelService, against the model it names.

import * as path from 'node:path';
import type { FileAccess } from '../io/fileAccess';
import type { ModelService } from '../modelService';
import { Reporter, type ArgDiagnostic } from './argDiagnostic';
import { LineIndex } from '../formats/caffe/textPositions';
import { checkOptionForms } from './checkOptions';
import { checkStructuredValues } from './checkValues';
import type { Invocation } from './invocation';
import { checkAgainstModel, ModelLookups } from './modelChecks';
import { pythonInvocations } from './pythonCalls';
import { shellInvocations } from './shellInvocations';
import { byPosition } from '../diagnostics/diagnostic';
import { t } from '../l10n';

export type ScriptKind = 'shell' | 'python';

/** Shell or Python by the editor's language, the file's extension, then its shebang. */
export function scriptKind(file: string, text: string, languageId?: string): ScriptKind | undefined {
  if (languageId === 'shellscript') return 'shell';
  if (languageId === 'python') return 'python';
  const ext = path.extname(file).toLowerCase();
  if (ext === '.sh' || ext === '.bash' || ext === '.zsh' || ext === '.ksh') return 'shell';
  if (ext === '.py') return 'python';
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text);
  if (!shebang) return undefined;
  const program = path.basename(shebang[1]) === 'env' && shebang[2] ? shebang[2] : path.basename(shebang[1]);
  if (/^(ba|da|k|z)?sh$/.test(program)) return 'shell';
  if (/^python/.test(program)) return 'python';
  return undefined;
}

export function findInvocations(text: string, kind: ScriptKind): Invocation[] {
  return kind === 'shell' ? shellInvocations(text) : pythonInvocations(text);
}

export interface ScriptCheckOptions {
  /** When given, each command is also checked against the model it names. */
  models?: ModelService;
  fs?: FileAccess;
  languageId?: string;
  /** Invocations found already (the server keeps them for hover and completion). */
  invocations?: Invocation[];
}

/** Every problem of the compiler calls in `text`, sorted by place. */
export async function checkScript(file: string, text: string, options: ScriptCheckOptions = {}): Promise<ArgDiagnostic[]> {
  const kind = scriptKind(file, text, options.languageId);
  if (!kind) return [];
  const lines = new LineIndex(text);
  const r = new Reporter(file, lines);
  const invocations = options.invocations ?? findInvocations(text, kind);
  if (kind === 'shell' && invocations.length > 0) checkLineEndings(text, r);
  for (const inv of invocations) {
    checkOptionForms(inv, r);
    checkStructuredValues(inv, r);
  }
  if (options.models) {
    const lookups = new ModelLookups(options.models, options.fs);
    for (const inv of invocations) await checkAgainstModel(inv, path.dirname(file), lookups, r);
  }
  return r.found.sort(byPosition);
}

/**
 * Windows line endings in a shell script: bash keeps the CR as part of each line's last word, so
 * a `\` before it escapes the CR instead of continuing the line, and the last option of a line
 * reaches the compiler with a CR on its value. Said once, on the first CR, with a fix for all.
 */
function checkLineEndings(text: string, r: Reporter): void {
  const first = text.indexOf('\r\n');
  if (first < 0) return;
  r.report('warning', 'script.crlf-line-endings', first, first + 1, t('this script has Windows line endings (CRLF): bash keeps each CR, so a \\ at a line end no longer continues the command and the last value of a line gets a stray CR. Save it with LF line endings.'), [
    { title: t('Convert to LF line endings'), edits: [{ start: 0, end: text.length, newText: text.replace(/\r\n/g, '\n') }] },
  ]);
}
