// A captured log as the parsers read it: terminal colour codes gone, CRLF, CR and LF all ending a
// line (as an editor numbers them, so a `line` opens the right place), and the last line left out
// when the capture stops in the middle of it: a half-written line is no verdict and no message.

export interface LogText {
  /** The complete lines, without their line ends; `lines[i]` is line i + 1 of the log. */
  lines: string[];
  /** The capture stopped mid-line (no line end after the last character). */
  cut: boolean;
}

// CSI sequences (`ESC [ … letter`: colours, cursor moves) and OSC titles (`ESC ] … BEL`).
// eslint-disable-next-line no-control-regex -- escape sequences are control characters by definition
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export function readLogText(text: string): LogText {
  const lines = stripAnsi(text).split(/\r\n|\r|\n/);
  // After a final line end split gives one empty string: there is no unfinished line.
  const last = lines.pop() ?? '';
  return { lines, cut: last !== '' };
}
