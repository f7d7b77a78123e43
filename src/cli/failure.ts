// How `npu-deploy` ends when a command throws: the exit status and the text for stderr. Bad input
// is the user's to fix (1, one line naming the file and the place), bad usage too (2); anything
// else is our bug (70, EX_SOFTWARE), told as such in one line, with the stack under --debug.
import { ModelFormatError } from '../core/errors';
import { UsageError } from './usage';

export const EXIT_BAD_INPUT = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;

export function failure(e: unknown, command: string, debug: boolean): { status: number; text: string } {
  if (e instanceof ModelFormatError) return { status: EXIT_BAD_INPUT, text: `${e.message}\n` };
  if (e instanceof UsageError) return { status: EXIT_USAGE, text: `npu-deploy ${command}: ${e.message}\n` };
  const message = e instanceof Error ? e.message : String(e);
  const line = `npu-deploy: internal error: ${message.replace(/\s*\n\s*/g, ' ')}\n`;
  return { status: EXIT_INTERNAL, text: debug ? `${line}${stackOf(e)}` : line };
}

/** The stack, and the stack of each `cause` below it (an InternalError keeps the reader's exception there). */
function stackOf(e: unknown): string {
  const parts: string[] = [];
  for (let cause: unknown = e, depth = 0; cause !== undefined && depth < 8; depth++) {
    const text = cause instanceof Error ? (cause.stack ?? `${cause.name}: ${cause.message}`) : String(cause);
    parts.push(depth === 0 ? text : `caused by: ${text}`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return `${parts.join('\n')}\n`;
}
