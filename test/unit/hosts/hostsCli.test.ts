// `npu-deploy hosts` over a real sshd: each host reachable or not, the tools found after the
// setup line with the SDK's version, the device from bm-smi / npu-smi.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { HostStatus } from '../../../src/core/hosts/hostProbe';
import { runCli } from '../../support/runCli';
import { startSshServer, type SshServer } from '../../support/sshServer';
import { tempDir } from '../../support/tempDir';

let server: SshServer;
before(async () => (server = await startSshServer()));
after(() => server.stop());

test('hosts --json: a Sophon and an Ascend host with their tools and devices, and an unreachable one (exit 3)', async (t) => {
  const dir = tempDir(t, 'npu-hosts-');
  const common = { ssh: 'simhost', sshConfig: server.sshConfig, setup: server.setup };
  const file = path.join(dir, 'hosts.json');
  writeFileSync(
    file,
    JSON.stringify({
      hosts: [
        { name: 'bm', kind: 'sophon', target: 'BM1684', ...common },
        { name: 'atlas', kind: 'ascend', socVersion: 'Ascend310P3', ...common },
        { name: 'gone', kind: 'sophon', target: 'BM1684', ...common, ssh: 'simhost-refused' },
      ],
    }),
  );
  const r = await runCli(['hosts', '--hosts', file, '--json']);
  assert.equal(r.status, 3, r.stderr);
  const [bm, atlas, gone] = JSON.parse(r.stdout) as HostStatus[];
  assert.equal(bm.reachable, true);
  assert.deepEqual(Object.keys(bm.tools).sort(), ['atc', 'bm-smi', 'bmnetc', 'bmnetd', 'bmnetm', 'bmneto', 'bmnetp', 'bmnett', 'bmpaddle', 'bmrt_test', 'msame', 'npu-smi']);
  assert.equal(bm.tools.bmpaddle, 'python3 -m bmpaddle');
  assert.equal(bm.version, 'bmrt_test version: 2.7.0');
  assert.deepEqual(bm.device, { chip: 'BM1684', memoryUsedMB: 1219, memoryTotalMB: 10694, utilisation: 12 });
  assert.deepEqual(atlas.device, { chip: 'Ascend310P3', memoryUsedMB: 1782, memoryTotalMB: 21527, utilisation: 7 });
  assert.equal(gone.reachable, false);
  assert.match(gone.error ?? '', /refused the connection/);

  const readable = await runCli(['hosts', '--hosts', file]);
  assert.match(readable.stdout, /^bm {2}\(sophon\) {2}reachable\n {2}toolchain: .*bmpaddle.* {2}\(bmrt_test version: 2\.7\.0\)\n {2}device: BM1684, memory 1219 \/ 10694 MB, 12% busy\n/);
  assert.match(readable.stdout, /^gone {2}\(sophon\) {2}unreachable\n/m);
});

test('hosts: without the SDK and the device, the host is reachable with nothing found', async (t) => {
  const dir = tempDir(t, 'npu-hosts-');
  const file = path.join(dir, 'hosts.json');
  writeFileSync(file, JSON.stringify({ hosts: [{ name: 'bare', kind: 'sophon', target: 'BM1684', ssh: 'simhost', sshConfig: server.sshConfig }] }));
  const r = await runCli(['hosts', '--hosts', file, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const [bare] = JSON.parse(r.stdout) as HostStatus[];
  assert.deepEqual(bare, { name: 'bare', kind: 'sophon', reachable: true, tools: {} });
});
