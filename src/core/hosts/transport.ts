// The bottom of every host: start one `sh -c` line somewhere (here, or through ssh) and hand back
// its bytes and its exit status. Local and SSH differ only in the program started.
import { spawn } from 'node:child_process';

export interface ExecOptions {
  stdin?: NodeJS.ReadableStream;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** Aborting kills the local process (ssh, docker, sh) only; stopping the remote side is run()'s. */
  signal?: AbortSignal;
}

export interface ExecResult {
  code: number | null;
  /** The last 16 KB of stderr, kept for the reason of a failed connection. */
  stderrTail: string;
}

export interface Transport {
  /** A short label for messages (`this machine`, `me@sdk-box`). */
  readonly label: string;
  exec(line: string, options?: ExecOptions): Promise<ExecResult>;
  /** Opens the connection ahead of the first exec (see Host.connect). */
  connect(): Promise<void>;
  close(): Promise<void>;
}

/** Starts `program args` and reports as a Transport does; the process is its own group leader. */
export function execProgram(program: string, args: string[], options: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'], detached: true });
    let tail = '';
    let inputError: Error | undefined;
    const kill = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {}
    };
    options.signal?.addEventListener('abort', kill, { once: true });
    child.stdout?.on('data', (b: Buffer) => options.onStdout?.(b));
    child.stderr?.on('data', (b: Buffer) => {
      tail = (tail + b.toString('utf8')).slice(-16_384);
      options.onStderr?.(b);
    });
    if (options.stdin && child.stdin) {
      // A command that does not read its input (it failed early) closes the pipe: not our error.
      child.stdin.on('error', () => {});
      // Input that fails to read (a file gone mid-upload) fails the command, not the process.
      options.stdin.on('error', (e: Error) => {
        inputError = e;
        kill();
      });
      options.stdin.pipe(child.stdin);
    }
    child.on('error', (e) => {
      options.signal?.removeEventListener('abort', kill);
      reject(e);
    });
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', kill);
      if (inputError) reject(inputError);
      else resolve({ code, stderrTail: tail });
    });
  });
}

/** This machine: `sh -c line`. */
export class LocalTransport implements Transport {
  readonly label = 'localhost';
  exec(line: string, options?: ExecOptions): Promise<ExecResult> {
    return execProgram('sh', ['-c', line], options);
  }
  async connect(): Promise<void> {}
  async close(): Promise<void> {}
}
