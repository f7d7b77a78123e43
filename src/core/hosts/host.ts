// The one interface behind which this machine, an SSH host and a container on either look alike:
// run a shell line with its output streamed and a way to stop it, copy a file there, copy one
// back. Conversion, device runs and the Hosts view are written against this only.

export interface RunOptions {
  /** Aborting stops the command and every process it started, on the host, before run() settles. */
  signal?: AbortSignal;
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
  /** Bytes for the command's standard input (an upload's content comes this way). */
  stdin?: NodeJS.ReadableStream;
  /** Leave out the host's setup line (for probes that must not depend on it). */
  noSetup?: boolean;
}

export interface RunResult {
  /** The command's exit status; null when it was stopped by a signal or cancelled. */
  code: number | null;
  cancelled: boolean;
}

/** The results runThenCollect brings back: those of `names` in `remoteFolder`, each to `localPath(name)`. */
export interface Collect {
  remoteFolder: string;
  names: readonly string[];
  localPath: (name: string) => string;
}

export interface CollectResult extends RunResult {
  /** The names that came back (none unless the command exited 0). */
  fetched: string[];
}

export interface Host {
  /** The name the hosts list gives it. */
  readonly name: string;
  /**
   * Runs `line` (already quoted: see shellQuote) with `sh` on the host, after the host's setup
   * line, inside its container if it has one. Throws HostUnreachable when the host cannot be
   * reached or the connection is lost while the command runs.
   */
  run(line: string, options?: RunOptions): Promise<RunResult>;
  /** Copies a local file to `remotePath` (written under a temporary name, then renamed). */
  upload(localPath: string, remotePath: string, signal?: AbortSignal): Promise<void>;
  /**
   * Copies local files into `remoteFolder` (created if needed) under their base names, in one
   * transfer; the folder is complete when this resolves.
   */
  uploadFiles(localPaths: readonly string[], remoteFolder: string, signal?: AbortSignal): Promise<void>;
  /** Copies `remotePath` to `localPath`, written under a temporary name and renamed when complete. */
  download(remotePath: string, localPath: string, signal?: AbortSignal): Promise<void>;
  /**
   * Brings back those of `names` that exist in `remoteFolder`, in one transfer, each to
   * `localPath(name)`: all written under temporary names and renamed together once complete, none
   * left on failure. With `removeRemoteFolder` the folder goes in the same command. Resolves with
   * the names that came back.
   */
  downloadFiles(remoteFolder: string, names: readonly string[], localPath: (name: string) => string, options?: { signal?: AbortSignal; removeRemoteFolder?: boolean }): Promise<string[]>;
  /**
   * run() and downloadFiles() in one command, one round trip: runs `line` (its standard output
   * reported as errors: the results travel on standard output), and when it exits 0 brings back
   * what of `collect` exists, all or nothing as downloadFiles does. `remoteFolder` is removed
   * either way, unless the command is cancelled or the connection lost. Throws when the results
   * could not be sent.
   */
  runThenCollect(line: string, collect: Collect, options?: Omit<RunOptions, 'onStdout'>): Promise<CollectResult>;
  /**
   * Opens what the host keeps open between commands (the SSH master connection) ahead of the
   * first one, so that connecting overlaps local work; nothing to do on this machine. Rejects as
   * run() would (HostUnreachable); close() meanwhile stops the attempt.
   */
  connect(): Promise<void>;
  /** Ends what the host keeps open between commands (the SSH master connection). */
  close(): Promise<void>;
}
