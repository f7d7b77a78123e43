// The tool's problems as one line each on stderr, in the fixed form the `$npu-deploy` problem
// matcher (package.json) reads: `npu-deploy convert: <error|warning>: <FILE>:<LINE>: <message> [<code>]`.
// The CLI, not the extension, reads the tool's output (a task's process output is not the
// extension's to read), so the parse lives in core and the matcher only splits this line.
// A place the tool names that is not a file here (a path on the host, the compiler's own
// sources) is kept in the message and the problem goes on the model, line 1. A known vendor code
// brings its explanation and what to do into the message (the panel has no other place for it).
import * as path from 'node:path';
import type { ToolProblem } from '../core/convert/toolProblems';

export const PROBLEM_PREFIX = 'npu-deploy convert: ';

export function problemLine(problem: ToolProblem, model: string, isLocalFile: (file: string) => boolean): string {
  const named = problem.file !== undefined && path.isAbsolute(problem.file) && isLocalFile(problem.file);
  const file = named ? problem.file! : path.resolve(model);
  const line = named ? (problem.line ?? 1) : 1;
  const where = !named && problem.file !== undefined ? ` (${problem.file}${problem.line !== undefined ? `:${problem.line}` : ''})` : '';
  // One line per problem: ATC's cause and fix lines join the message.
  const message = problem.message.replace(/\s*\r?\n\s*/g, ' ');
  const hint = problem.hint ? ` — ${problem.hint.replace(/\s*\r?\n\s*/g, ' ')}` : '';
  return `${PROBLEM_PREFIX}${problem.severity}: ${file}:${line}: ${message}${where}${hint} [${problem.code}]`;
}
