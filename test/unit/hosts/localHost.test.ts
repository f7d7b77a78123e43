// This machine as a Host: output streamed, the setup line first, exit status kept, Cancel stops
// the command and its children, copies both ways complete and under hostile names.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { killGroupLine } from '../../../src/core/hosts/processGroup';
import { ShellHost } from '../../../src/core/hosts/shellHost';
import { shellQuote } from '../../../src/core/hosts/shellQuote';
import { LocalTransport } from '../../../src/core/hosts/transport';
import { processAlive } from '../../support/processAlive';
import { tempDir } from '../../support/tempDir';

/** A file's text, or undefined when it is gone. */
function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

const local = (setup?: string) => new ShellHost(new LocalTransport(), { name: 'here', setup });

test('run: the setup line runs first, in the same shell; output streams; the exit status is kept', async () => {
  const host = local('GREETING=hello; cd /');
  let out = '';
  let err = '';
  const r = await host.run('echo "$GREETING from $(pwd)"; echo oops >&2; exit 7', { onStdout: (s) => (out += s), onStderr: (s) => (err += s) });
  assert.deepEqual(r, { code: 7, cancelled: false });
  assert.equal(out, 'hello from /\n');
  assert.equal(err, 'oops\n');
});

test('run: bash runs the line, so `source` in a setup line works', async (t) => {
  const dir = tempDir(t, 'npu-host-');
  writeFileSync(path.join(dir, 'env.sh'), 'export TOOL_HOME=/opt/tool\n');
  let out = '';
  const r = await local(`source ${shellQuote(path.join(dir, 'env.sh'))}`).run('echo $TOOL_HOME', { onStdout: (s) => (out += s) });
  assert.equal(r.code, 0);
  assert.equal(out, '/opt/tool\n');
});

test('run: Cancel stops the command and the children it started before run() settles', async (t) => {
  const dir = tempDir(t, 'npu-host-');
  const pids = path.join(dir, 'pids');
  const controller = new AbortController();
  const line = `sleep 1000 & echo $! > ${shellQuote(pids)}; echo $$ >> ${shellQuote(pids)}; echo ready; wait`;
  const r = await local().run(line, {
    signal: controller.signal,
    onStdout: (s) => {
      if (s.includes('ready')) controller.abort();
    },
  });
  assert.deepEqual(r, { code: null, cancelled: true });
  const started = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
  assert.equal(started.length, 2);
  for (const pid of started) assert.equal(processAlive(pid), false, `process ${pid} still runs`);
  // The pid file of the group is gone with it (removed by the cancel itself, not left to the
  // command's shell, whose local end the cancel stops). Other tests' pid files come and go
  // meanwhile: one gone between the listing and the read is not ours.
  const ours = readdirSync('/tmp').filter((f) => f.startsWith('npu-deploy-') && f.endsWith('.pid') && readIfThere(path.join('/tmp', f))?.trim() === String(started[1]));
  assert.deepEqual(ours, []);
});

test('run: an aborted signal runs nothing', async (t) => {
  const dir = tempDir(t, 'npu-host-');
  const marker = path.join(dir, 'ran');
  const controller = new AbortController();
  controller.abort();
  const r = await local().run(`touch ${shellQuote(marker)}`, { signal: controller.signal });
  assert.equal(r.cancelled, true);
  assert.equal(existsSync(marker), false);
});

test('upload and download copy bytes exactly, to and from hostile names, and a failed copy leaves nothing', async (t) => {
  const dir = tempDir(t, 'npu-host-');
  const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256));
  const source = path.join(dir, 'source.bin');
  writeFileSync(source, bytes);
  const hostile = path.join(dir, `a b'c"$(touch x);模型`, 'model.bin');
  const host = local();
  await host.upload(source, hostile);
  assert.deepEqual(readFileSync(hostile), bytes);
  const back = path.join(dir, 'back.bin');
  await host.download(hostile, back);
  assert.deepEqual(readFileSync(back), bytes);
  assert.equal(existsSync(path.join(dir, 'x')), false);
  assert.equal(existsSync('x'), false);
  await assert.rejects(host.download(path.join(dir, 'missing'), path.join(dir, 'never.bin')), /copying here:.*missing back failed/);
  assert.deepEqual(readdirSync(dir).sort(), [`a b'c"$(touch x);模型`, 'back.bin', 'source.bin']);
});

test('container: each command and copy runs through `docker exec -i NAME sh -c`, with the setup line inside', async (t) => {
  const dir = tempDir(t, 'npu-host-');
  const log = path.join(dir, 'docker.log');
  // A stand-in for the docker client: it checks the form of the call and runs the line itself.
  writeFileSync(path.join(dir, 'docker'), `#!/bin/sh\n[ "$1" = exec ] && [ "$2" = -i ] && [ "$4" = sh ] && [ "$5" = -c ] || exit 99\necho "$3" >> ${shellQuote(log)}\nshift 4\nexec sh "$@"\n`, { mode: 0o755 });
  const savedPath = process.env.PATH;
  process.env.PATH = `${dir}:${savedPath}`;
  t.after(() => (process.env.PATH = savedPath));
  const host = new ShellHost(new LocalTransport(), { name: 'boxed', setup: 'IN_SETUP=yes', container: 'nntc' });
  let out = '';
  const r = await host.run('echo "$IN_SETUP"', { onStdout: (s) => (out += s) });
  assert.equal(r.code, 0);
  assert.equal(out, 'yes\n');
  const source = path.join(dir, 'in.txt');
  writeFileSync(source, 'data');
  await host.upload(source, path.join(dir, 'up', 'copy.txt'));
  await host.download(path.join(dir, 'up', 'copy.txt'), path.join(dir, 'down.txt'));
  assert.equal(readFileSync(path.join(dir, 'down.txt'), 'utf8'), 'data');
  assert.deepEqual(readFileSync(log, 'utf8').split('\n').filter(Boolean), ['nntc', 'nntc', 'nntc']);
});

test('uploadFiles sends many files in one tar stream: long, non-ASCII and hostile names, empty and odd-sized files, exact bytes', async (t) => {
  const dir = tempDir(t, 'npu-host-');
  const names = ['__model__', `${'long_parameter_name_'.repeat(8)}.w_0`, `参数 'q' $(touch x); "y"`, 'empty', 'odd'];
  const sizes = [5000, 513, 1024, 0, 7];
  const files = names.map((name, i) => {
    const file = path.join(dir, 'src', name);
    return { file, bytes: Buffer.from(Array.from({ length: sizes[i] }, (_, j) => (j * (i + 3)) % 256)) };
  });
  for (const { file, bytes } of files) {
    if (!existsSync(path.dirname(file))) mkdirSync(path.dirname(file));
    writeFileSync(file, bytes);
  }
  const remote = path.join(dir, 'remote folder');
  await local().uploadFiles(files.map((f) => f.file), remote);
  assert.deepEqual(readdirSync(remote).sort(), [...names].sort());
  for (const { file, bytes } of files) assert.deepEqual(readFileSync(path.join(remote, path.basename(file))), bytes);
  assert.equal(existsSync(path.join(dir, 'x')), false);
});

test('downloadFiles brings back the files that exist in one tar stream, renamed together, and can remove the folder', async (t) => {
  const dir = tempDir(t, 'npu-host-');
  const remote = path.join(dir, `job "1" $(x)`);
  mkdirSync(remote);
  const long = `${'output_'.repeat(20)}.dat`;
  writeFileSync(path.join(remote, 'compilation.bmodel'), Buffer.alloc(70_001, 7));
  writeFileSync(path.join(remote, long), 'long');
  writeFileSync(path.join(remote, 'unwanted.log'), 'no');
  const out = path.join(dir, 'out');
  mkdirSync(out);
  const got = await local().downloadFiles(remote, ['compilation.bmodel', 'input_ref_data.dat', long], (name) => path.join(out, name), { removeRemoteFolder: true });
  assert.deepEqual(got, ['compilation.bmodel', long]);
  assert.deepEqual(readdirSync(out).sort(), ['compilation.bmodel', long].sort());
  assert.deepEqual(readFileSync(path.join(out, 'compilation.bmodel')), Buffer.alloc(70_001, 7));
  assert.equal(readFileSync(path.join(out, long), 'utf8'), 'long');
  assert.equal(existsSync(remote), false);
  // A folder that is not there: an error, and nothing written.
  await assert.rejects(local().downloadFiles(remote, ['compilation.bmodel'], (name) => path.join(out, `again-${name}`)), /back failed/);
  assert.deepEqual(readdirSync(out).sort(), ['compilation.bmodel', long].sort());
});

test('killGroupLine stops a group and removes its pid file itself, since the command\'s own shell may be stopped before it can', async (t) => {
  const dir = tempDir(t, 'npu-host-');
  const pidFile = path.join(dir, 'group.pid');
  // A group that never removes its pid file, as when its local end is killed first.
  const child = spawn('setsid', ['sh', '-c', `echo $$ > ${shellQuote(pidFile)}; sleep 1000 & echo $!; wait`], { stdio: ['ignore', 'pipe', 'ignore'] });
  const sleeper = await new Promise<number>((resolve) => child.stdout.once('data', (b: Buffer) => resolve(Number(b.toString().trim()))));
  const leader = Number(readFileSync(pidFile, 'utf8'));
  // Not spawnSync: the event loop must stay free to reap the killed leader, a child of this process.
  await promisify(execFile)('sh', ['-c', killGroupLine(pidFile)]);
  assert.equal(existsSync(pidFile), false);
  for (const pid of [leader, sleeper]) assert.equal(processAlive(pid), false, `process ${pid} still runs`);
});
