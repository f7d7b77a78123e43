// The hosts list: the example reads as written, and each mistake is named by its field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_WORKDIR, HostsFileError, parseHosts } from '../../../src/core/hosts/hostsFile';

test('the example of the issue parses, ~ in sshConfig becomes the home folder', () => {
  const hosts = parseHosts(
    {
      hosts: [
        { name: 'bm', kind: 'sophon', target: 'BM1684', ssh: 'me@sdk-box', sshConfig: '~/.ssh/config-lab', setup: 'source /workspace/scripts/envsetup_pcie.sh', container: 'nntc', workdir: '/tmp/npu-deploy' },
        { name: 'ascend', kind: 'ascend', socVersion: 'Ascend310' },
      ],
    },
    '/home/me',
  );
  assert.deepEqual(hosts[0], {
    name: 'bm',
    kind: 'sophon',
    target: 'BM1684',
    ssh: 'me@sdk-box',
    sshConfig: '/home/me/.ssh/config-lab',
    setup: 'source /workspace/scripts/envsetup_pcie.sh',
    container: 'nntc',
    workdir: '/tmp/npu-deploy',
  });
  assert.equal(hosts[1].socVersion, 'Ascend310');
  assert.equal(hosts[1].ssh, undefined);
  assert.equal(hosts[1].workdir, DEFAULT_WORKDIR);
});

const cases: [string, unknown, RegExp][] = [
  ['no hosts array', { host: [] }, /"hosts" array/],
  ['an entry that is not an object', { hosts: [1] }, /^hosts\[0\] must be an object/],
  ['a missing name', { hosts: [{ kind: 'sophon', target: 'BM1684' }] }, /^hosts\[0\]\.name must be a non-empty string/],
  ['a duplicate name', { hosts: [{ name: 'a', kind: 'ascend', socVersion: 'Ascend310' }, { name: 'a', kind: 'ascend', socVersion: 'Ascend310' }] }, /^hosts\[1\]\.name: the name "a" is used twice/],
  ['an unknown kind', { hosts: [{ name: 'a', kind: 'gpu' }] }, /^hosts\[0\]\.kind must be "sophon" or "ascend"/],
  ['a lower-case target', { hosts: [{ name: 'a', kind: 'sophon', target: 'bm1684' }] }, /^hosts\[0\]\.target must be one of BM1682, BM1684, BM1684X/],
  ['an ascend host without socVersion', { hosts: [{ name: 'a', kind: 'ascend' }] }, /^hosts\[0\]\.socVersion must be a non-empty string/],
  ['an ssh value that ssh would read as an option', { hosts: [{ name: 'a', kind: 'ascend', socVersion: 'Ascend310', ssh: '-oProxyCommand=x' }] }, /^hosts\[0\]\.ssh must be a destination/],
  ['sshConfig without ssh', { hosts: [{ name: 'a', kind: 'ascend', socVersion: 'Ascend310', sshConfig: '/c' }] }, /^hosts\[0\]\.sshConfig is given without "ssh"/],
  ['a relative workdir', { hosts: [{ name: 'a', kind: 'ascend', socVersion: 'Ascend310', workdir: 'tmp' }] }, /^hosts\[0\]\.workdir must be an absolute path/],
];
for (const [label, value, message] of cases) {
  test(`hosts list: ${label} is reported by its field`, () => {
    assert.throws(() => parseHosts(value), (e: unknown) => e instanceof HostsFileError && message.test(e.message));
  });
}
