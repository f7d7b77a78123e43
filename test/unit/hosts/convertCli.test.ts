// `npu-deploy convert` end to end over a real sshd, with the simulated SDK on the host: the
// issue's contract (filled arguments, results in --out, the --json line, exit 0/1/2/3/130) and
// each fault leaving no result behind.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeCaffeSample } from '../../../src/core/samples/caffeSample';
import { writePaddleSample } from '../../../src/core/samples/paddleSample';
import { ifFullCorpus, sharedModel } from '../../support/corpus';
import { processAlive } from '../../support/processAlive';
import { runCli } from '../../support/runCli';
import { startSshServer, type SshServer } from '../../support/sshServer';
import { tempDir } from '../../support/tempDir';

let server: SshServer;
before(async () => (server = await startSshServer()));
after(() => server.stop());

interface JobLine {
  verdict: string;
  host: string;
  tool: string;
  command: string;
  outputs: string[];
  seconds: number;
}

const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));
const lastLine = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!) as JobLine;

/** A hosts file in `dir` with a good Sophon host, an Ascend host, the faulty aliases and a host without the SDK. */
function hostsFile(dir: string): string {
  const workdir = path.join(server.dir, 'work');
  const host = (name: string, alias: string, extra: object = {}) => ({ name, kind: 'sophon', target: 'BM1684', ssh: alias, sshConfig: server.sshConfig, setup: server.setup, workdir, ...extra });
  const file = path.join(dir, 'hosts.json');
  writeFileSync(
    file,
    JSON.stringify({
      hosts: [
        host('bm', 'simhost'),
        { ...host('ascend', 'simhost'), kind: 'ascend', target: undefined, socVersion: 'Ascend310' },
        host('refused', 'simhost-refused'),
        host('unknown-key', 'simhost-unknown'),
        host('bad-key', 'simhost-badkey'),
        host('no-sdk', 'simhost', { setup: undefined }),
      ],
    }),
  );
  return file;
}

async function paddleModel(dir: string): Promise<string> {
  const folder = path.join(dir, 'tiny');
  mkdirSync(folder, { recursive: true });
  await writePaddleSample(folder);
  return folder;
}

/** Result files of a job in `dir`: anything a converter writes there, temporary names included. */
const results = (dir: string) => readdirSync(dir).filter((f) => /bmodel|ref_data|\.om$|npu-deploy|\.part-/.test(f));

describe('convert over SSH', () => {
  test('a Paddle sample: bmpaddle with names, shapes, net name and target filled; results in --out; a second run uploads nothing', async (t) => {
    const dir = tempDir(t, 'npu-convert-');
    const hosts = hostsFile(dir);
    const model = await paddleModel(dir);
    const out = path.join(dir, 'out');
    mkdirSync(out);
    const r = await runCli(['convert', model, '--host', 'bm', '--hosts', hosts, '--out', out, '--json', '--', '--opt=2']);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /# Store bmodel of BMCompiler\./);
    const job = lastLine(r.stdout);
    assert.equal(job.verdict, 'success');
    assert.equal(job.host, 'bm');
    assert.equal(job.tool, 'bmpaddle');
    assert.match(job.command, /^cd \S+\/jobs\/\S+ && python3 -m bmpaddle --model=\S+\/models\/[0-9a-f]+ --target=BM1684 '--shapes=\[1,3,32,32\]' --input_names=x --output_names=softmax_0\.tmp_0 --net_name=tiny_classifier --outdir=\S+ --opt=2$/);
    assert.deepEqual(job.outputs, ['compilation.bmodel', 'input_ref_data.dat', 'output_ref_data.dat'].map((f) => path.join(out, f)));
    const bmodel = readFileSync(job.outputs[0]);
    assert.equal(bmodel.readUInt32LE(0), 0xff55aaee);
    assert.equal(readFileSync(job.outputs[1]).length, 3 * 32 * 32 * 4);
    assert.ok(typeof job.seconds === 'number' && job.seconds >= 0);

    // The host's copy of the model, changed behind our back, stays: unchanged files are not sent again.
    const uploaded = /--model=(\S+)/.exec(job.command)![1];
    const pdmodel = readdirSync(uploaded).find((f) => f.endsWith('.pdmodel'))!;
    appendFileSync(path.join(uploaded, pdmodel), 'host-side mark');
    const again = await runCli(['convert', model, '--host', 'bm', '--hosts', hosts, '--out', out, '--json']);
    assert.equal(again.status, 0, again.stderr);
    assert.match(readFileSync(path.join(uploaded, pdmodel), 'utf8'), /host-side mark$/);
    // The job folders are cleaned up once their results are home.
    assert.deepEqual(readdirSync(path.join(server.dir, 'work', 'jobs')), []);
  });

  test('a Caffe sample: bmnetc gets the prototxt and its caffemodel; results land beside the model by default', async (t) => {
    const dir = tempDir(t, 'npu-convert-');
    const hosts = hostsFile(dir);
    const { prototxt } = await writeCaffeSample(dir);
    const r = await runCli(['convert', prototxt, '--host', 'bm', '--hosts', hosts, '--json']);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const job = lastLine(r.stdout);
    assert.equal(job.tool, 'bmnetc');
    assert.match(job.command, / bmnetc --model=\S+\/lenet\.prototxt --weight=\S+\/lenet\.caffemodel --target=BM1684 --outdir=/);
    assert.deepEqual(job.outputs, ['compilation.bmodel', 'input_ref_data.dat', 'output_ref_data.dat'].map((f) => path.join(dir, f)));
    assert.equal(readFileSync(job.outputs[1]).length, 28 * 28 * 4);
  });

  test('a Caffe sample on an Ascend host: atc with framework, weight, soc_version and input_shape filled; <name>.om comes back', async (t) => {
    const dir = tempDir(t, 'npu-convert-');
    const hosts = hostsFile(dir);
    const { prototxt } = await writeCaffeSample(dir);
    const r = await runCli(['convert', prototxt, '--host', 'ascend', '--hosts', hosts, '--json']);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const job = lastLine(r.stdout);
    assert.match(r.stdout, /ATC run success, welcome to the next use\./);
    assert.match(job.command, / atc --model=\S+ --weight=\S+ --framework=0 --output=\S+\/LeNetSample --soc_version=Ascend310 --input_shape=data:1,1,28,28$/);
    assert.deepEqual(job.outputs, [path.join(dir, 'LeNetSample.om')]);
  });

  test('a folder name with spaces, quotes, $(…), ; and non-ASCII converts, and runs nothing it should not', async (t) => {
    const dir = tempDir(t, 'npu-convert-');
    const hosts = hostsFile(dir);
    const hostile = path.join(dir, `my model's "v1" $(touch STRAY) \`touch STRAY\`; touch STRAY; 模型`);
    mkdirSync(hostile);
    const { prototxt } = await writeCaffeSample(hostile, `le net's $(touch STRAY)`);
    const r = await runCli(['convert', prototxt, '--host', 'bm', '--hosts', hosts, '--json'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.deepEqual(lastLine(r.stdout).outputs, ['compilation.bmodel', 'input_ref_data.dat', 'output_ref_data.dat'].map((f) => path.join(hostile, f)));
    const strays = (root: string): string[] =>
      readdirSync(root, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? strays(path.join(root, e.name)) : e.name === 'STRAY' ? [path.join(root, e.name)] : []));
    assert.deepEqual([...strays(dir), ...strays(server.dir)], []);
    assert.equal(existsSync(path.join(process.env.HOME ?? '/root', 'STRAY')), false);
  });

  test('arguments are checked before anything is uploaded: exit 1, nothing on the host', async (t) => {
    const dir = tempDir(t, 'npu-convert-');
    const hosts = hostsFile(dir);
    const model = await paddleModel(dir);
    const before = existsSync(path.join(server.dir, 'work', 'models')) ? readdirSync(path.join(server.dir, 'work', 'models')).length : 0;
    const cases: [string[], RegExp][] = [
      [['--outdir=/tmp/x'], /--outdir is set by npu-deploy/],
      [['--target=bm1684'], /--target must be one of BM1682, BM1684, BM1684X, not bm1684/],
      [['--shapes=[1,3,32,32],[1,2]', '--input_names=x'], /--shapes gives 2 shapes for the 1 names of --input_names/],
      [['--optimise=2'], /bmpaddle has no option --optimise/],
      // Checked against the local model, as the language server checks a script.
      [['--shapes=[1,3,9,9]'], /dimension 2 of input x is fixed at 32 in the model/],
      [['--input_names=image', '--shapes=[1,3,32,32]'], /the model has no input image/],
    ];
    for (const [toolArgs, message] of cases) {
      const r = await runCli(['convert', model, '--host', 'bm', '--hosts', hosts, '--json', '--', ...toolArgs]);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(lastLine(r.stdout).verdict, 'failure');
    }
    const after = existsSync(path.join(server.dir, 'work', 'models')) ? readdirSync(path.join(server.dir, 'work', 'models')).length : 0;
    assert.equal(after, before);
  });

  test('bad usage exits 2: no --host, a host not in the file, no hosts file', async (t) => {
    const dir = tempDir(t, 'npu-convert-');
    const hosts = hostsFile(dir);
    const model = await paddleModel(dir);
    const noHost = await runCli(['convert', model, '--hosts', hosts]);
    assert.equal(noHost.status, 2);
    assert.match(noHost.stderr, /--host NAME is required/);
    const unknown = await runCli(['convert', model, '--host', 'gpu', '--hosts', hosts]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /no host named 'gpu' in the hosts file \(hosts: bm, ascend/);
    const noFile = await runCli(['convert', model, '--host', 'bm'], { cwd: dir });
    assert.equal(noFile.status, 2);
    assert.match(noFile.stderr, /cannot read the hosts file \.vscode\/npu-deploy-hosts\.json/);
  });

  for (const [name, reason] of [
    ['refused', /refused the connection/],
    ['unknown-key', /host key is not known or has changed/],
    ['bad-key', /authentication failed/],
  ] as const) {
    test(`an unreachable host (${name}) exits 3 with the reason and writes nothing`, async (t) => {
      const dir = tempDir(t, 'npu-convert-');
      const hosts = hostsFile(dir);
      const model = await paddleModel(dir);
      const r = await runCli(['convert', model, '--host', name, '--hosts', hosts, '--json']);
      assert.equal(r.status, 3, r.stderr);
      assert.match(r.stderr, reason);
      assert.equal(lastLine(r.stdout).verdict, 'failure');
      assert.deepEqual(results(model), []);
    });
  }

  test('the connection killed in the middle of a compile exits 3 and leaves no result', async (t) => {
    const dir = tempDir(t, 'npu-convert-');
    const hosts = hostsFile(dir);
    const model = await paddleModel(dir);
    server.setSimEnv({ NPU_SIM_SECONDS: '60' });
    t.after(() => server.setSimEnv({}));
    let killed = false;
    const r = await runCli(['convert', model, '--host', 'bm', '--hosts', hosts, '--json'], {
      onStdout: (text) => {
        if (!killed && text.includes('working')) {
          killed = true;
          server.killSessions();
        }
      },
    });
    assert.equal(killed, true);
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /the connection to host bm was lost/);
    assert.deepEqual(results(model), []);
  });

  test('the tool missing on the host (no setup line) fails with exit 1', async (t) => {
    const dir = tempDir(t, 'npu-convert-');
    const hosts = hostsFile(dir);
    const model = await paddleModel(dir);
    const r = await runCli(['convert', model, '--host', 'no-sdk', '--hosts', hosts, '--json']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /No module named bmpaddle/);
    assert.match(r.stderr, /bmpaddle failed on host no-sdk \(exit status 1\); no result was written/);
    assert.deepEqual(results(model), []);
  });

  test('the tool failing exits 1 with its traceback streamed; a compare failure says what to try', async (t) => {
    const dir = tempDir(t, 'npu-convert-');
    const hosts = hostsFile(dir);
    const model = await paddleModel(dir);
    t.after(() => server.setSimEnv({}));
    server.setSimEnv({ NPU_SIM_FAIL: 'compile' });
    const r = await runCli(['convert', model, '--host', 'bm', '--hosts', hosts, '--json']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /RuntimeError: BMCompiler compile failed/);
    assert.equal(lastLine(r.stdout).verdict, 'failure');
    // The Problems panel's lines (the $npu-deploy matcher): the compiler's error and the traceback, on the folder's program file.
    const program = path.join(model, readdirSync(model).find((f) => f === '__model__' || f.endsWith('.pdmodel'))!);
    assert.match(r.stderr, new RegExp(`^npu-deploy convert: error: ${program.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:1: layer \\[[^\\]]+\\] compile failed: unsupported shape \\(bmcompiler_layer\\.cpp:512\\) — bmcompiler reports an error in a layer .* What to do: .* \\[bmcompiler\\]$`, 'm'));
    assert.match(r.stderr, /: RuntimeError: BMCompiler compile failed \(\/usr\/local\/lib\/python3\.8\/dist-packages\/bmpaddle\/compiler\.py:230\) \[python\.RuntimeError\]$/m);
    assert.deepEqual((lastLine(r.stdout) as JobLine & { problems: { code: string }[] }).problems.map((p) => p.code), ['bmcompiler', 'python.RuntimeError']);
    assert.deepEqual(results(model), []);
    server.setSimEnv({ NPU_SIM_FAIL: 'cmp' });
    // The conversion form reads how the job ended from the report file the extension names.
    const report = path.join(dir, 'report.json');
    const cmp = await runCli(['convert', model, '--host', 'bm', '--hosts', hosts], { env: { NPU_DEPLOY_RESULT_FILE: report } });
    assert.equal(cmp.status, 1);
    assert.match(cmp.stderr, /--cmp=false/);
    assert.deepEqual(results(model), []);
    assert.deepEqual(pick(JSON.parse(readFileSync(report, 'utf8')), ['verdict', 'status', 'compareFailed']), { verdict: 'failure', status: 1, compareFailed: true });
    // The same job with --cmp=false compiles, and its report says so.
    const again = await runCli(['convert', model, '--host', 'bm', '--hosts', hosts, '--', '--cmp=false'], { env: { NPU_DEPLOY_RESULT_FILE: report } });
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(pick(JSON.parse(readFileSync(report, 'utf8')), ['verdict', 'status', 'compareFailed']), { verdict: 'success', status: 0, compareFailed: false });
  });

  test('the compiler variables set for the CLI (BMCOMPILER_STAT_ERR=1) reach the tool on the SSH host, quoted; others do not', async (t) => {
    const dir = tempDir(t, 'npu-convert-');
    const hosts = hostsFile(dir);
    const model = await paddleModel(dir);
    const stray = path.join(server.dir, 'stray-from-env');
    const r = await runCli(['convert', model, '--host', 'bm', '--hosts', hosts, '--json'], { env: { BMCOMPILER_STAT_ERR: '1', GLOG_v: `0$(touch ${stray})`, NPU_SIM_SECONDS: '5' } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /stat err of \[[^\]]+\]: max abs/);
    const line = lastLine(r.stdout);
    assert.match(line.command, /BMCOMPILER_STAT_ERR=1 GLOG_v='0\$\(touch [^)]+\)' python3 -m bmpaddle /);
    assert.ok(!line.command.includes('NPU_SIM_SECONDS'));
    assert.equal(existsSync(stray), false);
  });

  test('Ctrl-C stops the remote tool and its children, then exits 130 with no result', async (t) => {
    const dir = tempDir(t, 'npu-convert-');
    const hosts = hostsFile(dir);
    const model = await paddleModel(dir);
    const pids = path.join(server.dir, 'convert-cancel.pids');
    server.setSimEnv({ NPU_SIM_SECONDS: '600', NPU_SIM_PIDS: pids });
    t.after(() => server.setSimEnv({}));
    let interrupted = false;
    const r = await runCli(['convert', model, '--host', 'bm', '--hosts', hosts, '--json'], {
      onStdout: (text, child) => {
        if (!interrupted && text.includes('working')) {
          interrupted = true;
          child.kill('SIGINT');
        }
      },
    });
    assert.equal(r.status, 130, r.stderr);
    assert.equal(lastLine(r.stdout).verdict, 'cancelled');
    const started = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    assert.equal(started.length, 2);
    for (const pid of started) assert.equal(processAlive(pid), false, `remote process ${pid} still runs`);
    assert.deepEqual(results(model), []);
  });

  ifFullCorpus(test)('collection models: a Paddle model with separate parameter files, and a Caffe net with its caffemodel', async (t) => {
    const dir = tempDir(t, 'npu-convert-');
    const hosts = hostsFile(dir);
    const paddle = await runCli(['convert', sharedModel('paddle', 'resnet_cifar10_fluid'), '--host', 'bm', '--hosts', hosts, '--out', dir, '--json']);
    assert.equal(paddle.status, 0, paddle.stderr + paddle.stdout);
    const job = lastLine(paddle.stdout);
    // `[` is a glob character: the word is quoted.
    assert.match(job.command, / '--shapes=\[1,3,32,32\]' /);
    const uploaded = readdirSync(/--model=(\S+)/.exec(job.command)![1]).filter((f) => f !== '.complete').sort();
    assert.deepEqual(uploaded, readdirSync(sharedModel('paddle', 'resnet_cifar10_fluid')).sort());
    const caffe = await runCli(['convert', sharedModel('caffe', 'lenet_mnist_deploy', 'mnist_deploy.prototxt'), '--host', 'bm', '--hosts', hosts, '--out', dir, '--json']);
    assert.equal(caffe.status, 0, caffe.stderr + caffe.stdout);
    assert.match(lastLine(caffe.stdout).command, /--weight=\S+\/lenet_iter_10000\.caffemodel /);
  });
});

describe('convert: the argument rules of the language server', () => {
  test('a --descs range that is empty ([608,608)) is refused before anything is uploaded', async (t) => {
    const dir = tempDir(t, 'npu-convert-');
    const hosts = hostsFile(dir);
    const model = await paddleModel(dir);
    const r = await runCli(['convert', model, '--host', 'bm', '--hosts', hosts, '--json', '--', '--descs=[0,int32,608,608]']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /608/);
    assert.equal(lastLine(r.stdout).verdict, 'failure');
  });
});
