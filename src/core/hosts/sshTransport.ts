// A host over the system's OpenSSH client, so that the user's keys, agent, ~/.ssh/config,
// ProxyJump and known_hosts work as they do in a terminal. Never a prompt (BatchMode), never a
// host key accepted on trust (StrictHostKeyChecking=yes), never a password kept. One master
// connection (ControlMaster) carries every command of a job: one handshake, not one per step.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HostUnreachable, sshFailureReason } from './hostUnreachable';
import { shellQuote } from './shellQuote';
import { execProgram, type ExecOptions, type ExecResult, type Transport } from './transport';

export interface SshTarget {
  /** The hosts file's `name`, for messages. */
  name: string;
  /** `user@host`, `host` or an alias of the ssh config. */
  destination: string;
  /** Passed as `ssh -F`. */
  sshConfig?: string;
  connectTimeoutSeconds?: number;
}

/** ssh exits 255 for its own failures; a remote command's own 255 (atc's failure) is told apart by the master. */
const SSH_FAILED = 255;

export class SshTransport implements Transport {
  readonly label: string;
  // Short: a unix socket path is limited to about 100 bytes.
  private readonly socket = path.join(tmpdir(), `npd-${randomBytes(6).toString('hex')}`);
  private master: Promise<void> | undefined;
  /** The ssh that is opening the master, until it has (close() stops it). */
  private connecting: ChildProcess | undefined;

  constructor(private readonly target: SshTarget) {
    this.label = target.destination;
  }

  private baseArgs(): string[] {
    const args = this.target.sshConfig ? ['-F', this.target.sshConfig] : [];
    const timeout = this.target.connectTimeoutSeconds ?? 15;
    for (const o of ['BatchMode=yes', 'StrictHostKeyChecking=yes', `ConnectTimeout=${timeout}`, `ControlPath=${this.socket}`, 'ServerAliveInterval=15', 'ServerAliveCountMax=3']) {
      args.push('-o', o);
    }
    return args;
  }

  /** Opens the master connection once; every later command rides on it. */
  connect(): Promise<void> {
    this.master ??= this.openMaster().catch((e: unknown) => {
      this.master = undefined;
      throw e;
    });
    return this.master;
  }

  private openMaster(): Promise<void> {
    const args = [...this.baseArgs(), '-o', 'ControlMaster=yes', '-o', 'ControlPersist=120', '-f', '-N', '-T', '--', this.target.destination];
    return new Promise((resolve, reject) => {
      // -f: ssh goes to the background once authenticated; the backgrounded master keeps stderr
      // open, so success is its first process exiting 0, not the pipe closing.
      // Its own process group: a Ctrl-C in the terminal is ours to handle (Cancel), not ssh's.
      const child = spawn('ssh', args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
      this.connecting = child;
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString('utf8')).slice(-16_384)));
      child.on('error', (e) => reject(new HostUnreachable(this.target.name, 'other', e.message)));
      child.on('exit', (code) => {
        if (this.connecting === child) this.connecting = undefined;
        if (code !== 0) return;
        child.stderr.destroy();
        resolve();
      });
      // A failure has no background part: 'close' comes with the whole message read.
      child.on('close', (code) => {
        if (code !== 0) reject(new HostUnreachable(this.target.name, sshFailureReason(stderr), stderr));
      });
    });
  }

  async exec(line: string, options: ExecOptions = {}): Promise<ExecResult> {
    await this.connect();
    const args = [...this.baseArgs(), '-o', 'ControlMaster=no', '-T', '--', this.target.destination, `sh -c ${shellQuote(line)}`];
    const result = await execProgram('ssh', args, options);
    if (result.code === SSH_FAILED && !options.signal?.aborted && !(await this.masterAlive())) {
      this.master = undefined;
      throw new HostUnreachable(this.target.name, 'lost', result.stderrTail);
    }
    return result;
  }

  private async masterAlive(): Promise<boolean> {
    const r = await execProgram('ssh', [...this.baseArgs(), '-O', 'check', '--', this.target.destination]);
    return r.code === 0;
  }

  async close(): Promise<void> {
    if (!this.master) return;
    const opened = this.master;
    this.master = undefined;
    // Still connecting (a job that stopped before its first command): stop the attempt rather
    // than wait for it, which could take the whole ConnectTimeout.
    const attempt = this.connecting;
    this.connecting = undefined;
    if (attempt?.pid !== undefined) {
      try {
        process.kill(-attempt.pid, 'SIGTERM');
      } catch {}
    }
    try {
      await opened;
    } catch {
      return;
    }
    // Not waited for: nothing depends on the master being gone, and a CLI run need not stay
    // for it (ControlPersist would end an abandoned master anyway).
    const exit = spawn('ssh', [...this.baseArgs(), '-O', 'exit', '--', this.target.destination], { stdio: 'ignore', detached: true });
    exit.on('error', () => undefined);
    exit.unref();
  }
}
