// close() while the SSH master is still connecting stops the attempt instead of waiting for it (a
// job refused on its arguments must not wait out a host that does not answer). The "host" is a
// TCP listener that accepts and never speaks, with a connect timeout far beyond the test's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import * as path from 'node:path';
import { HostUnreachable } from '../../../src/core/hosts/hostUnreachable';
import { SshTransport } from '../../../src/core/hosts/sshTransport';
import { tempDir } from '../../support/tempDir';

// Without the stop, close() would wait out the connect timeout: the test's timeout makes that a failure, not a hang.
test('close() during the handshake ends the connecting ssh; connect() rejects as unreachable', { timeout: 120_000 }, async (t) => {
  const dir = tempDir(t, 'npu-ssh-hang-');
  let accepted: (socket: Socket) => void = () => undefined;
  const connection = new Promise<Socket>((resolve) => (accepted = resolve));
  const silent = createServer((socket) => accepted(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.after(() => silent.close());
  const port = (silent.address() as { port: number }).port;
  const config = path.join(dir, 'ssh_config');
  writeFileSync(config, `Host silent\n  HostName 127.0.0.1\n  Port ${port}\n  UserKnownHostsFile ${path.join(dir, 'known_hosts')}\n`);
  const transport = new SshTransport({ name: 'silent', destination: 'silent', sshConfig: config, connectTimeoutSeconds: 3600 });
  const connecting = transport.connect();
  const socket = await connection;
  const closedByClient = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  // Read what the client sends, so that its end of the connection is seen.
  socket.resume();
  await transport.close();
  await assert.rejects(connecting, HostUnreachable);
  await closedByClient;
});
