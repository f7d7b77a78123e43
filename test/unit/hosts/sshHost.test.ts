// SSH hosts against a real sshd: commands, copies and Cancel through one master connection, and
// each way of not getting there typed as HostUnreachable with its reason.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { HostUnreachable } from '../../../src/core/hosts/hostUnreachable';
import { ShellHost } from '../../../src/core/hosts/shellHost';
import { shellQuote } from '../../../src/core/hosts/shellQuote';
import { SshTransport } from '../../../src/core/hosts/sshTransport';
import { processAlive } from '../../support/processAlive';
import { startSshServer, type SshServer } from '../../support/sshServer';
import { tempDir } from '../../support/tempDir';

let server: SshServer;
before(async () => (server = await startSshServer()));
after(() => server.stop());

const sshHost = (alias: string, setup?: string) => new ShellHost(new SshTransport({ name: alias, destination: alias, sshConfig: server.sshConfig }), { name: alias, setup });

test('ssh: the setup line puts the simulated SDK on PATH; output streams; copies are exact', async (t) => {
  const host = sshHost('simhost', server.setup);
  t.after(() => host.close());
  let out = '';
  const r = await host.run('command -v bmnetc && python3 -c "import bmpaddle" && echo ok', { onStdout: (s) => (out += s) });
  assert.equal(r.code, 0);
  assert.match(out, /sdk\/bin\/bmnetc\nok\n$/);
  const dir = tempDir(t, 'npu-ssh-');
  const bytes = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 17) % 256));
  writeFileSync(path.join(dir, 'in.bin'), bytes);
  const remote = path.join(server.dir, `work dir 'q' $(x)`, 'in.bin');
  await host.upload(path.join(dir, 'in.bin'), remote);
  await host.download(remote, path.join(dir, 'back.bin'));
  assert.deepEqual(readFileSync(path.join(dir, 'back.bin')), bytes);
});

test('ssh: a command\'s own exit status 255 (atc\'s failure) is not a lost connection', async (t) => {
  const host = sshHost('simhost');
  t.after(() => host.close());
  const r = await host.run('exit 255');
  assert.equal(r.code, 255);
});

test('ssh: Cancel stops the remote command and its children', async (t) => {
  const host = sshHost('simhost', server.setup);
  t.after(() => host.close());
  const pids = path.join(server.dir, 'cancel.pids');
  server.setSimEnv({ NPU_SIM_SECONDS: '600', NPU_SIM_PIDS: pids });
  t.after(() => server.setSimEnv({}));
  const controller = new AbortController();
  const r = await host.run('bm-smi >/dev/null; bmrt_test --bmodel /nonexistent; exec bmnetc --model=/etc/hostname --weight=/etc/hostname --target=BM1684 --shapes=[1,1]', {
    signal: controller.signal,
    onStdout: (s) => {
      if (s.includes('working')) controller.abort();
    },
  });
  assert.deepEqual(r, { code: null, cancelled: true });
  const started = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
  assert.equal(started.length, 2);
  for (const pid of started) assert.equal(processAlive(pid), false, `remote process ${pid} still runs`);
});

const faults: [string, string, HostUnreachable['reason']][] = [
  ['connection refused', 'simhost-refused', 'refused'],
  ['unknown host key', 'simhost-unknown', 'host-key'],
  ['authentication failure', 'simhost-badkey', 'auth'],
];
for (const [label, alias, reason] of faults) {
  test(`ssh: ${label} is HostUnreachable (${reason}) and runs nothing`, async (t) => {
    const host = sshHost(alias);
    t.after(() => host.close());
    const marker = path.join(server.dir, `ran-${reason}`);
    await assert.rejects(host.run(`touch ${shellQuote(marker)}`), (e: unknown) => e instanceof HostUnreachable && e.reason === reason && e.message.includes(alias));
    assert.throws(() => readFileSync(marker));
  });
}

test('ssh: the connection killed while a command runs is HostUnreachable (lost)', async (t) => {
  const host = sshHost('simhost', server.setup);
  t.after(() => host.close());
  server.setSimEnv({ NPU_SIM_SECONDS: '30' });
  t.after(() => server.setSimEnv({}));
  await assert.rejects(
    host.run('bm-smi > /dev/null; exec bmnetc --model=/etc/hostname --weight=/etc/hostname --target=BM1684 --shapes=[1,1]', {
      onStdout: (s) => {
        if (s.includes('working')) server.killSessions();
      },
    }),
    (e: unknown) => e instanceof HostUnreachable && e.reason === 'lost',
  );
});
