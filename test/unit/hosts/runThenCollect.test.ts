// run and downloadFiles in one command (one round trip over SSH): the line's own output arrives
// as errors, the results come back all or nothing only when the line succeeds, the folder goes
// either way, a failed copy is an error that leaves nothing, and Cancel stops the line and keeps
// nothing. On this machine and, for the folder of hostile names, inside a container stand-in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ShellHost } from '../../../src/core/hosts/shellHost';
import { shellQuote } from '../../../src/core/hosts/shellQuote';
import { LocalTransport } from '../../../src/core/hosts/transport';
import { tempDir } from '../../support/tempDir';

const local = () => new ShellHost(new LocalTransport(), { name: 'here', setup: 'GREETING=hello' });

function folders(t: Parameters<typeof tempDir>[0]) {
  const dir = tempDir(t, 'npu-collect-');
  const remote = path.join(dir, `job "1" $(touch stray); 模型`);
  const out = path.join(dir, 'out');
  mkdirSync(out);
  const collect = { remoteFolder: remote, names: ['compilation.bmodel', 'input_ref_data.dat', 'output_ref_data.dat'], localPath: (name: string) => path.join(out, name) };
  return { dir, remote, out, collect, q: shellQuote(remote) };
}

test('runThenCollect: the line runs after the setup line, its output comes as errors, the results that exist come back and the folder goes', async (t) => {
  const { dir, remote, out, collect, q } = folders(t);
  let err = '';
  const r = await local().runThenCollect(`mkdir -p ${q} && cd ${q} && echo "$GREETING on stdout" && echo oops >&2 && head -c 70001 /dev/zero > compilation.bmodel && echo ref > input_ref_data.dat && echo junk > other.log`, collect, { onStderr: (s) => (err += s) });
  assert.deepEqual(r, { code: 0, cancelled: false, fetched: ['compilation.bmodel', 'input_ref_data.dat'] });
  assert.equal(err, 'hello on stdout\noops\n');
  assert.deepEqual(readdirSync(out).sort(), ['compilation.bmodel', 'input_ref_data.dat']);
  assert.equal(readFileSync(path.join(out, 'compilation.bmodel')).length, 70_001);
  assert.equal(readFileSync(path.join(out, 'input_ref_data.dat'), 'utf8'), 'ref\n');
  assert.equal(existsSync(remote), false);
  assert.equal(existsSync(path.join(dir, 'stray')), false);
});

test('runThenCollect: a failing line keeps its status, brings nothing back and removes the folder; `exit` in the line ends only the line', async (t) => {
  const { remote, out, collect, q } = folders(t);
  const r = await local().runThenCollect(`mkdir -p ${q} && cd ${q} && echo partial > compilation.bmodel && exit 7`, collect);
  assert.deepEqual(r, { code: 7, cancelled: false, fetched: [] });
  assert.deepEqual(readdirSync(out), []);
  assert.equal(existsSync(remote), false);
});

test('runThenCollect: results that cannot be sent are an error, and nothing is written', async (t) => {
  const { out, collect } = folders(t);
  // The line succeeds but its folder is not there to send from.
  await assert.rejects(local().runThenCollect('true', collect), /copying here:.* back failed \(exit 88\)/);
  assert.deepEqual(readdirSync(out), []);
});

test('runThenCollect: Cancel stops the line before it settles and keeps nothing', async (t) => {
  const { out, collect, q } = folders(t);
  const controller = new AbortController();
  const r = await local().runThenCollect(`mkdir -p ${q} && cd ${q} && echo x > compilation.bmodel && echo ready && sleep 1000`, collect, {
    signal: controller.signal,
    onStderr: (s) => {
      if (s.includes('ready')) controller.abort();
    },
  });
  assert.deepEqual(r, { code: null, cancelled: true, fetched: [] });
  assert.deepEqual(readdirSync(out), []);
});

test('runThenCollect in a container: one docker exec carries the line and the results', async (t) => {
  const { remote, out, collect, q } = folders(t);
  const bin = tempDir(t, 'npu-docker-');
  const calls = path.join(bin, 'docker.log');
  writeFileSync(path.join(bin, 'docker'), `#!/bin/sh\n[ "$1" = exec ] && [ "$2" = -i ] && [ "$4" = sh ] && [ "$5" = -c ] || exit 99\necho "$3" >> ${shellQuote(calls)}\nshift 4\nexec sh "$@"\n`, { mode: 0o755 });
  const savedPath = process.env.PATH;
  process.env.PATH = `${bin}:${savedPath}`;
  t.after(() => (process.env.PATH = savedPath));
  const host = new ShellHost(new LocalTransport(), { name: 'boxed', container: 'nntc' });
  const r = await host.runThenCollect(`mkdir -p ${q} && echo out > ${q}/output_ref_data.dat`, collect);
  assert.deepEqual(r.fetched, ['output_ref_data.dat']);
  assert.equal(readFileSync(path.join(out, 'output_ref_data.dat'), 'utf8'), 'out\n');
  assert.equal(existsSync(remote), false);
  assert.deepEqual(readFileSync(calls, 'utf8').split('\n').filter(Boolean), ['nntc']);
});
