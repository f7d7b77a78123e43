// A real OpenSSH server for the host tests: sshd from Debian's openssh-server, started on a free
// loopback port with its own config (no root needed: StrictModes no, UsePAM no), a throwaway host
// key and one authorized client key in a temp folder. The "host" it serves has the tool
// simulators (test/simulators) on its PATH once its setup line has run (see simulatedSdk.ts). The client side is an ssh config with aliases:
//   simhost            the good one (key authorized, host key in known_hosts)
//   simhost-unknown    a known_hosts file without the host key
//   simhost-badkey     a key the server does not accept
//   simhost-refused    a loopback port nobody listens on
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import * as path from 'node:path';
import { writeSimulatedSdk } from './simulatedSdk';

export interface SshServer {
  /** The temp folder holding keys, configs, the simulators' wrappers and the host's work folder. */
  dir: string;
  port: number;
  /** The client config, for `ssh -F` and the hosts file's sshConfig. */
  sshConfig: string;
  /** The host's setup line: puts the simulators on PATH and PYTHONPATH. */
  setup: string;
  /** The setup line of a host that also has msit and ait. */
  debugCliSetup: string;
  /** The setup line of a host with ais_bench and no msame. */
  aisBenchSetup: string;
  /** Settings for the simulators (NPU_SIM_SECONDS …) from the next command on; {} clears them. */
  setSimEnv(env: Record<string, string>): void;
  /** Kills every sshd process serving a connection (not the listener): the connection drops. */
  killSessions(): void;
  stop(): Promise<void>;
}

const SSHD = '/usr/sbin/sshd';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function keygen(file: string): void {
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'npu-deploy-test', '-f', file]);
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
}

/** Resolves once the server answers with its SSH banner. */
async function waitForBanner(port: number, sshd: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (sshd.exitCode !== null) throw new Error(`sshd exited with ${sshd.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('data', (b) => {
        socket.destroy();
        resolve(b.toString().startsWith('SSH-'));
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('sshd did not start');
}

export async function startSshServer(): Promise<SshServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-sshd-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const refusedPort = await freePort();
  keygen(path.join(dir, 'host_key'));
  keygen(path.join(dir, 'client_key'));
  keygen(path.join(dir, 'other_key'));
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'client_key.pub')));
  const hostPub = readFileSync(path.join(dir, 'host_key.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
  writeFileSync(path.join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${hostPub}\n`);
  writeFileSync(path.join(dir, 'known_hosts_empty'), '');
  const user = userInfo().username;
  writeFileSync(
    path.join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${dir}/host_key`,
      `PidFile ${dir}/sshd.pid`,
      `AuthorizedKeysFile ${dir}/authorized_keys`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      'MaxSessions 64',
      'MaxStartups 64',
      'LogLevel ERROR',
      // Debian's bash reads ~/.bashrc when sshd starts it unless SHLVL says it is nested; this
      // machine's rc (pyenv init) takes seconds. A lab host's login shell would not be the test.
      'SetEnv SHLVL=1',
      '',
    ].join('\n'),
  );
  const alias = (name: string, p: number, key: string, knownHosts: string) =>
    [`Host ${name}`, '  HostName 127.0.0.1', `  Port ${p}`, `  User ${user}`, `  IdentityFile ${dir}/${key}`, '  IdentitiesOnly yes', '  IdentityAgent none', `  UserKnownHostsFile ${dir}/${knownHosts}`, '  GlobalKnownHostsFile /dev/null', '  LogLevel ERROR', ''].join('\n');
  const sshConfig = path.join(dir, 'ssh_config');
  writeFileSync(
    sshConfig,
    [alias('simhost', port, 'client_key', 'known_hosts'), alias('simhost-unknown', port, 'client_key', 'known_hosts_empty'), alias('simhost-badkey', port, 'other_key', 'known_hosts'), alias('simhost-refused', refusedPort, 'client_key', 'known_hosts')].join('\n'),
  );
  chmodSync(sshConfig, 0o600);

  const sdk = writeSimulatedSdk(path.join(dir, 'sdk'));

  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true });
  const sshd = spawn(SSHD, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  sshd.stderr?.on('data', (b: Buffer) => (log += b.toString()));
  try {
    await waitForBanner(port, sshd);
  } catch (e) {
    sshd.kill('SIGKILL');
    throw new Error(`${(e as Error).message}: ${log}`, { cause: e });
  }

  return {
    dir,
    port,
    sshConfig,
    setup: sdk.setup,
    debugCliSetup: sdk.debugCliSetup,
    aisBenchSetup: sdk.aisBenchSetup,
    setSimEnv: sdk.setSimEnv,
    killSessions() {
      for (const pid of childrenOf(sshd.pid!)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {}
      }
    },
    async stop() {
      const exited = new Promise((r) => sshd.once('exit', r));
      sshd.kill('SIGTERM');
      if (sshd.exitCode === null) await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function childrenOf(parent: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === parent) pids.push(Number(name));
    } catch {}
  }
  return pids;
}
