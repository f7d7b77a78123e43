// OpenSSH's own words for each failure (exit 255), as this machine's client prints them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HostUnreachable, sshFailureReason } from '../../../src/core/hosts/hostUnreachable';

test('ssh stderr is read as the reason the host was not reached', () => {
  assert.equal(sshFailureReason('ssh: connect to host 127.0.0.1 port 2222: Connection refused\r\n'), 'refused');
  assert.equal(sshFailureReason('No ED25519 host key is known for [127.0.0.1]:2222 and you have requested strict checking.\r\nHost key verification failed.\r\n'), 'host-key');
  assert.equal(sshFailureReason('me@127.0.0.1: Permission denied (publickey).\r\n'), 'auth');
  assert.equal(sshFailureReason('ssh: Could not resolve hostname nowhere: Name or service not known\r\n'), 'unresolved');
  assert.equal(sshFailureReason('ssh: connect to host 10.0.0.1 port 22: Connection timed out\r\n'), 'timeout');
  assert.equal(sshFailureReason('Connection to 127.0.0.1 closed by remote host.\r\n'), 'lost');
  assert.equal(sshFailureReason('something else\n'), 'other');
});

test('HostUnreachable names the host and keeps ssh\'s last line', () => {
  const e = new HostUnreachable('bm', 'refused', 'debug\nssh: connect to host x port 1: Connection refused\n');
  assert.match(e.message, /^host bm refused the connection .*: ssh: connect to host x port 1: Connection refused$/);
});
