// The compiler's environment variables (BMCOMPILER_STAT_ERR=1 …) reach the tool on the host as
// part of the job's own command, quoted: on this machine and inside a container here (the SSH
// host is convertCli.test.ts's). Only the compiler's variables travel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { assignmentPrefix, compilerEnvironment } from '../../../src/core/convert/compilerEnv';
import { runConversion } from '../../../src/core/convert/conversionJob';
import type { HostConfig } from '../../../src/core/hosts/hostsFile';
import { shellQuote } from '../../../src/core/hosts/shellQuote';
import { writePaddleSample } from '../../../src/core/samples/paddleSample';
import { writeSimulatedSdk } from '../../support/simulatedSdk';
import { tempDir } from '../../support/tempDir';

test('compilerEnvironment keeps only the compiler variables that are set; assignmentPrefix quotes each value', () => {
  assert.deepEqual(compilerEnvironment({ PATH: '/bin', BMCOMPILER_STAT_ERR: '1', GLOG_v: '', HOME: '/root', GLOG_v2: '4' }), { BMCOMPILER_STAT_ERR: '1' });
  assert.equal(assignmentPrefix({ BMCOMPILER_STAT_ERR: '1', GLOG_v: "4'; touch x; '" }), `BMCOMPILER_STAT_ERR=1 GLOG_v='4'\\''; touch x; '\\''' `);
  assert.equal(assignmentPrefix({ LD_PRELOAD: '/tmp/evil.so' }), '');
  assert.equal(assignmentPrefix(undefined), '');
});

async function job(t: Parameters<typeof tempDir>[0], extra: Partial<HostConfig>) {
  const dir = tempDir(t, 'npu-env-');
  const sdk = writeSimulatedSdk(path.join(dir, 'sdk'));
  const model = path.join(dir, 'tiny');
  mkdirSync(model);
  await writePaddleSample(model);
  const host: HostConfig = { name: 'here', kind: 'sophon', target: 'BM1684', setup: sdk.setup, workdir: path.join(dir, 'work'), ...extra };
  let log = '';
  // A value that would run a command if it reached a shell unquoted.
  const hostile = `$(touch ${shellQuote(path.join(dir, 'stray'))})`;
  const result = await runConversion({ model, host, toolArgs: [], outDir: dir, env: { BMCOMPILER_STAT_ERR: '1', BMCOMPILER_LAYER_DTYPE_MODE: hostile, PATH: '/nowhere' }, onOutput: (s) => (log += s) });
  return { dir, result, log, hostile };
}

test('a job on this machine: the tool prints per-layer error statistics under BMCOMPILER_STAT_ERR=1; a hostile value runs nothing', async (t) => {
  const { dir, result, log, hostile } = await job(t, {});
  assert.equal(result.verdict, 'success', log);
  assert.match(log, /stat err of \[[^\]]+\]: max abs/);
  assert.ok(result.command.includes(`BMCOMPILER_STAT_ERR=1 BMCOMPILER_LAYER_DTYPE_MODE=${shellQuote(hostile)} python3 -m bmpaddle `), result.command);
  assert.ok(!result.command.includes('PATH=/nowhere'));
  assert.equal(existsSync(path.join(dir, 'stray')), false);
});

test('a job in a container: the variables are part of the line docker exec runs', async (t) => {
  const bin = tempDir(t, 'npu-docker-');
  const calls = path.join(bin, 'docker.log');
  // A stand-in for the docker client: it checks the form of the call, logs the line and runs it.
  writeFileSync(path.join(bin, 'docker'), `#!/bin/sh\n[ "$1" = exec ] && [ "$2" = -i ] && [ "$4" = sh ] && [ "$5" = -c ] || exit 99\nprintf '%s\\n' "$6" >> ${shellQuote(calls)}\nshift 4\nexec sh "$@"\n`, { mode: 0o755 });
  const savedPath = process.env.PATH;
  process.env.PATH = `${bin}:${savedPath}`;
  t.after(() => (process.env.PATH = savedPath));
  const { dir, result, log } = await job(t, { container: 'nntc' });
  assert.equal(result.verdict, 'success', log);
  assert.match(log, /stat err of \[[^\]]+\]: max abs/);
  assert.match(readFileSync(calls, 'utf8'), /BMCOMPILER_STAT_ERR=1 BMCOMPILER_LAYER_DTYPE_MODE=/);
  assert.equal(existsSync(path.join(dir, 'stray')), false);
  assert.ok(readdirSync(dir).includes('compilation.bmodel'));
});
