// Reads the file and line out of one `op_callstack` entry. Paddle keeps each frame as Python's
// traceback prints it (`  File "model.py", line 12, in forward` and, on the next line, the code),
// so the viewer can offer the frame as a link to that line when the file is the user's own.

export interface PythonFrame {
  file: string;
  /** 1-based, as Python prints it. */
  line: number;
  /** The function name, when the frame names one. */
  func?: string;
}

const FRAME = /File "([^"]+)", line (\d+)(?:, in ([^\r\n]+))?/;

/** The frame an entry names, or undefined for an entry that is not a traceback frame. */
export function parsePythonFrame(entry: string): PythonFrame | undefined {
  const m = FRAME.exec(entry);
  if (!m) return undefined;
  const line = Number(m[2]);
  if (!Number.isSafeInteger(line) || line < 1) return undefined;
  return m[3] ? { file: m[1], line, func: m[3].trim() } : { file: m[1], line };
}
