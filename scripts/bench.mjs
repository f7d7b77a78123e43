// `npm run bench`: the figures each issue promises, measured on this machine. Foundation: parse
// time (median) and peak memory for every sample model and for synthetic nets from
// ../shared/tools/gen-caffe-net.mjs, printed beside the aim. Big synthetic files are cached in
// .bench/data (git-ignored) because making the 1.2 GB caffemodel takes a while.
// Refit: the CLI's start-up, `npu-deploy info` against a bare node. `npm run bench -- cli` runs
// that section alone. Sub-model export (issue 14): cutting the middle third out of the 1.2 GB
// synthetic net against a plain copy of the same bytes; `npm run bench -- cut` runs it alone.
// Issue 15: the language server's latency on a 1,000-line compile script and on a 20,000-layer
// prototxt (`npm run bench -- args` alone).
// Paddle 3 PIR (issue 17): each program's parse time next to JSON.parse of the same file, and a
// synthetic 20,000-op program; `npm run bench -- pir` runs that section alone.
// Hosts: a conversion job against a bare `ssh host true` (`npm run bench -- hosts` alone).
// The conversion form: a field's change to its messages (`npm run bench -- form` alone).
// Logs (issue 18 §3): `npu-deploy log`'s parse of 48 MB captures against a bare split into lines
// (`npm run bench -- logs` alone).
// Comparison view (issue 18 §4): one tensor's detail on 16 M elements (`npm run bench -- detail` alone).
// Groups (issue 13): open to laid out with groups collapsed vs expanded (`npm run bench -- groups` alone).
// The graph viewer (issue 13) in headless chromium: open→drawn, renderer memory and pan frames
// (`npm run bench -- viewer` alone). Run the bench under `flock /tmp/npu-heavy.lock` on a shared machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const shared = resolve(root, '..', 'shared');
const benchDir = join(root, '.bench');
const data = join(benchDir, 'data');
mkdirSync(data, { recursive: true });
const section = process.argv[2]; // cli, or every section

if (section === 'cli') {
  cliStartup();
  process.exit(0);
}
if (section === 'hosts') {
  conversionOverhead();
  compareJobOverhead();
  process.exit(0);
}
if (section === 'form') {
  formChecks();
  process.exit(0);
}
if (section === 'detail') {
  tensorDetailFigure();
  process.exit(0);
}
if (section === 'args') {
  argsLatency();
  process.exit(0);
}

const build = spawnSync(process.execPath, ['scripts/build.mjs', '--tests-only'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NPU_TEST_OUT: '.bench/out' },
});
if (build.status !== 0) process.exit(build.status ?? 1);
const measure = join(benchDir, 'out', 'test', 'bench', 'measureOpen.js');
if (section === 'pir') {
  pirParse();
  process.exit(0);
}
if (section === 'logs') {
  logParse();
  process.exit(0);
}

if (section === 'cut') {
  cutAgainstCopy();
  process.exit(0);
}
if (section === 'compare') {
  compareAgainstNumpy();
  process.exit(0);
}
if (section === 'groups') {
  groupsLayout();
  process.exit(0);
}
if (section === 'viewer') {
  viewerDraw();
  process.exit(0);
}

function generate(name, blocks, withWeights) {
  const proto = join(data, `${name}.prototxt`);
  const weights = join(data, `${name}.caffemodel`);
  if (existsSync(proto) && (!withWeights || existsSync(weights))) return { proto, weights };
  const args = [join(shared, 'tools', 'gen-caffe-net.mjs'), '--blocks', String(blocks), '--out', proto];
  if (withWeights) args.push('--weights', weights);
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`gen-caffe-net failed for ${name}`);
  return { proto, weights };
}

function run(file, runs, mode = '') {
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', measure, file, String(runs), mode], { encoding: 'utf8' });
  const line = r.stdout.trim().split('\n').pop() ?? '{}';
  try {
    return JSON.parse(line);
  } catch {
    return { error: r.stderr.trim().split('\n').pop() };
  }
}

const baseline = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.resourceUsage().maxRSS/1024))'], { encoding: 'utf8' });
const nodeBaseMB = Number(baseline.stdout);

const rows = [];
function row(label, result, aim) {
  if (result.error) {
    rows.push([label, '-', '-', '-', '-', '-', `error: ${result.error}`]);
    return;
  }
  const mb = result.bytes / 1e6;
  const rate = result.medianMs > 0 ? `${(mb / (result.medianMs / 1000)).toFixed(0)} MB/s` : '-';
  rows.push([label, `${mb.toFixed(mb < 1 ? 3 : 1)} MB`, `${result.medianMs.toFixed(2)} ms`, `${result.firstMs.toFixed(0)} ms`, rate, `${result.firstPeakRssMB.toFixed(0)} MB`, aim]);
}

/** A sample twice: the format reader alone (parse), and everything the viewer waits for (open). */
function sampleRows(label, file) {
  const parse = run(file, 11, 'parse');
  const open = run(file, 11);
  if (parse.error || open.error) {
    rows.push([label, '-', '-', '-', '-', '-', `error: ${parse.error ?? open.error}`]);
    return;
  }
  const mb = open.bytes / 1e6;
  rows.push([label, `${mb.toFixed(mb < 1 ? 3 : 1)} MB`, `${parse.medianMs.toFixed(2)} ms`, `${open.medianMs.toFixed(2)} ms`, `${open.firstMs.toFixed(0)} ms`, `${open.firstPeakRssMB.toFixed(0)} MB`, '< 20 ms']);
}

// Every sample model file named by a reference summary.
const samples = [];
if (existsSync(join(shared, 'models'))) {
  for (const f of readdirSync(join(shared, 'models')).filter((n) => n.endsWith('.reference.json')).sort()) {
    const ref = JSON.parse(readFileSync(join(shared, 'models', f), 'utf8'));
    for (const e of ref.entries) {
      const name = e.program?.file ?? e.file;
      if (!name || (e.program && !e.program.protoc_ok)) continue;
      samples.push(join(shared, 'models', ref.framework, ref.model, name));
    }
  }
}
for (const file of samples) sampleRows(relative(join(shared, 'models'), file), file);

const s2k = generate('synth_2000', 2000, false);
const s20k = generate('synth_20000', 20000, false);
const s64 = generate('synth_64w', 64, true);
row('synthetic 2,000 blocks: prototxt parse', run(s2k.proto, 11, 'parse'), '>= 50 MB/s');
row('synthetic 2,000 blocks: open (graph + shapes)', run(s2k.proto, 11, 'no-weights'), '');
row('synthetic 20,000 blocks: prototxt parse', run(s20k.proto, 3, 'parse'), '>= 50 MB/s');
row('synthetic 20,000 blocks: open (graph + shapes)', run(s20k.proto, 3, 'no-weights'), '');
row('synthetic 64 blocks: caffemodel index', run(s64.weights, 5, 'parse'), '< 0.5 s, < 100 MB');
row('synthetic 64 blocks: caffemodel open (graph)', run(s64.weights, 5), '');
row('synthetic 64 blocks: prototxt + caffemodel', run(s64.proto, 5), '');

const sampleCount = samples.length;
function table(title, header, body) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => String(r[i]).length)));
  const fmt = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log(`\n${title}`);
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of body) console.log(fmt(r));
}
console.log(`\nnode ${process.version}; a bare node process peaks at ${nodeBaseMB.toFixed(0)} MB RSS. Each file in a fresh process:`);
console.log('first = the first, cold open; median = of 11 opens after 5 warm-up opens (3-5 opens after the first, no warm-up, for the bigger synthetic nets); peak RSS = after the first open.');
table('Foundation: sample models (parse = the format reader alone; open = reader + weights index + graph + shapes)',
  ['model', 'size', 'parse', 'open', 'open (first)', 'peak RSS', 'aim'], rows.slice(0, sampleCount));
table('Foundation: synthetic nets (../shared/tools/gen-caffe-net.mjs)',
  ['net', 'size', 'median', 'first', 'rate', 'peak RSS', 'aim'], rows.slice(sampleCount));

// Refit: what the viewer posts for a model (ModelLoaded), the foundation's JSON against the
// compact graph, each made, sent and read back (JSON: stringify + parse; compact: build the typed
// arrays + structured clone, as postMessage does).
const payloadScript = join(benchDir, 'out', 'test', 'bench', 'measurePayload.js');
const payloadRows = [];
for (const [label, file] of [['synthetic 2,000 blocks', s2k.proto], ['synthetic 20,000 blocks', s20k.proto]]) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', payloadScript, file, '3'], { encoding: 'utf8' });
  let p;
  try {
    p = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
  } catch {
    p = { error: r.stderr.trim().split('\n').pop() };
  }
  if (p.error) payloadRows.push([label, '-', '-', '-', '-', '-', `error: ${p.error}`]);
  else payloadRows.push([label, String(p.nodes), `${(p.jsonBytes / 1e6).toFixed(1)} MB`, `${p.jsonMs.toFixed(0)} ms`, `${(p.compactBytes / 1e6).toFixed(1)} MB`, `${p.compactMs.toFixed(0)} ms`, `${(p.jsonMs / p.compactMs).toFixed(1)}x faster`]);
}
table('Refit: the viewer\'s ModelLoaded message (median of 3)', ['net', 'nodes', 'JSON (before)', 'stringify + parse', 'compact (now)', 'build + clone', ''], payloadRows);

cliStartup();
groupsLayout();

/**
 * Issue 13's groups: a synthetic net of about 11,000 and one of about 51,000 layers read, grouped
 * and laid out as the viewer's worker lays it out, every group collapsed against every group
 * expanded, and one group expanded afterwards (test/bench/measureGroups.ts; median of 3).
 */
function groupsLayout() {
  const script = join(benchDir, 'out', 'test', 'bench', 'measureGroups.js');
  const rows = [];
  for (const [name, blocks] of [['synth_860', 860], ['synth_4000', 4000]]) {
    const r = spawnSync(process.execPath, ['--max-old-space-size=8192', script, generate(name, blocks, false).proto, '3'], { encoding: 'utf8' });
    let m;
    try {
      m = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
    } catch {
      m = { error: r.stderr.trim().split('\n').pop() };
    }
    const ms = (v) => `${v.toFixed(0)} ms`;
    if (m.error) rows.push([name, '-', '-', '-', '-', '-', '-', `error: ${m.error}`]);
    else rows.push([name, `${m.nodes} / ${m.groups}`, ms(m.readMs), ms(m.groupingMs), `${ms(m.collapsedMs)} (${m.collapsedBoxes} boxes)`, ms(m.expandOneMs), ms(m.expandedMs), `${(m.expandedMs / m.collapsedMs).toFixed(1)}x`]);
  }
  table('Groups: read, group and lay out as the viewer does, collapsed vs expanded (median of 3)', ['net', 'nodes / groups', 'read', 'grouping', 'layout collapsed', 'expand one', 'layout expanded', 'expanded / collapsed'], rows);
}

/**
 * Refit: `node dist/cli.js info FILE` on the LeNet prototxt and on the 1.2 GB synthetic
 * caffemodel, each against `node -e 0` (a bare node's start-up), as the ratio of the medians.
 * The three commands take turns, so a busy machine slows them alike; 3 warm-up rounds, then 15.
 */
function cliStartup() {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--only', 'cli'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const cli = join(root, 'dist', 'cli.js');
  const lenet = join(shared, 'models', 'caffe', 'lenet_bvlc', 'lenet.prototxt');
  const big = generate('synth_64w', 64, true).weights;
  const commands = [
    { label: 'node -e 0', args: ['-e', '0'] },
    { label: 'npu-deploy info lenet_bvlc/lenet.prototxt', args: [cli, 'info', lenet], aim: 1.3 },
    { label: `npu-deploy info synth_64w.caffemodel (${(statSync(big).size / 1e9).toFixed(1)} GB)`, args: [cli, 'info', big], aim: 1.5 },
  ];
  const times = commands.map(() => []);
  for (let round = 0; round < 18; round++) {
    commands.forEach((c, i) => {
      const start = process.hrtime.bigint();
      const r = spawnSync(process.execPath, c.args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (r.status !== 0) throw new Error(`${c.label} exited ${r.status}: ${r.stderr}`);
      if (round >= 3) times[i].push(ms);
    });
  }
  const median = (t) => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)];
  const base = median(times[0]);
  table('Refit: CLI start-up (median of 15 interleaved runs; ratio = median / median of node -e 0)',
    ['command', 'median', 'ratio', 'aim'],
    commands.map((c, i) => [c.label, `${median(times[i]).toFixed(1)} ms`, `${(median(times[i]) / base).toFixed(2)}x`, c.aim ? `<= ${c.aim}x` : '']));
}

// Hostile input: `npu-deploy info` on a 1-million-layer prototxt and on a 100,000-layer
// caffemodel with a blob each (time and peak memory), and the language server's latency after
// 500 rapid edits of a 3.6 MB prototxt.
hardening();

function hardening() {
  const server = spawnSync(process.execPath, ['scripts/build.mjs', '--only', 'server'], { cwd: root, stdio: 'inherit' });
  if (server.status !== 0) process.exit(server.status ?? 1);
  const infoScript = join(benchDir, 'out', 'test', 'bench', 'measureInfo.js');
  const editsScript = join(benchDir, 'out', 'test', 'bench', 'measureServerEdits.js');
  const million = generate('synth_73000', 73000, false).proto;
  const blobs = join(data, 'blobs_100000.caffemodel');
  if (!existsSync(blobs)) {
    const gen = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(join(benchDir, 'out', 'test', 'support', 'hostileModels.js'))}).manyLayersCaffemodel(${JSON.stringify(blobs)}, 100000, 'with-blob')`], { stdio: 'inherit' });
    if (gen.status !== 0) throw new Error('could not write the 100,000-layer caffemodel');
  }
  const rows = [];
  for (const [label, file, aim] of [
    [`info on a 1,003,759-layer prototxt (${(statSync(million).size / 1e6).toFixed(0)} MB)`, million, '< 10 s, < 1 GB'],
    [`info on a 100,000-layer caffemodel, a blob each (${(statSync(blobs).size / 1e6).toFixed(1)} MB)`, blobs, 'linear'],
  ]) {
    // `--json`: the whole node list made and written out, the heavier of info's two outputs.
    const r = spawnSync(process.execPath, ['--max-old-space-size=8192', infoScript, 'info', file, '--json'], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    let m;
    try {
      m = JSON.parse(r.stderr.trim().split('\n').pop() ?? '{}');
    } catch {
      m = { error: r.stderr.trim().split('\n').pop() };
    }
    rows.push(m.error || m.code !== 0 ? [label, '-', '-', '-', aim, `error: ${m.error ?? `exit ${m.code}`}`] : [label, `${m.seconds.toFixed(1)} s`, `${m.cpuSeconds.toFixed(1)} s`, `${m.peakRssMB.toFixed(0)} MB`, aim, '']);
  }
  const ls = generate('synth_1700', 1700, false).proto;
  const r = spawnSync(process.execPath, [editsScript, join(root, 'dist', 'server.js'), ls, '500'], { encoding: 'utf8', timeout: 120_000 });
  let e;
  try {
    e = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
  } catch {
    e = { error: r.stderr.trim().split('\n').pop() ?? 'no answer' };
  }
  rows.push([`language server: 500 rapid edits of a ${(statSync(ls).size / 1e6).toFixed(1)} MB prototxt, last edit → diagnostics`, e.error ? '-' : `${(e.latencyMs / 1000).toFixed(2)} s`, '-', '-', '< 1 s', e.error ? `error: ${e.error}` : '']);
  table('Hostile input (one run each)', ['what', 'time', 'CPU time', 'peak RSS', 'aim', ''], rows);
}

// The graph viewer's layout (issue 13, under way): `npu-deploy draw` on a synthetic net of about
// 55,000 layers against `npu-deploy info` on the same file.
drawAgainstInfo();

function drawAgainstInfo() {
  const net = generate('synth_4000', 4000, false).proto;
  const cli = join(root, 'dist', 'cli.js');
  const svg = join(data, 'synth_4000.svg');
  const rows = [];
  for (const [label, args] of [
    ['npu-deploy info', ['info', net]],
    ['npu-deploy draw --out', ['draw', net, '--out', svg]],
  ]) {
    const times = [];
    for (let i = 0; i < 3; i++) {
      const start = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${label} exited ${r.status}: ${r.stderr}`);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    rows.push([`${label} (55,009 layers)`, `${(times[1] / 1000).toFixed(2)} s`]);
  }
  table('Viewer layout: draw against info on the same net (median of 3)', ['command', 'median'], rows);
}

// Sub-model export (issue 14): the middle third of the 1.2 GB synthetic net cut out with its
// weights (streamed from the lazy index, never loaded), against a plain copy of as many bytes
// (a read stream piped into a file). Each run in a fresh process; the median of 3, and the
// highest peak RSS of the 3.
cutAgainstCopy();

function cutAgainstCopy() {
  const net = generate('synth_64w', 64, true);
  const script = join(benchDir, 'out', 'test', 'bench', 'measureCut.js');
  const measureOnce = (args) => {
    const out = mkdtempSync(join(data, 'cut-'));
    try {
      const r = spawnSync(process.execPath, [script, ...args(out)], { encoding: 'utf8' });
      const parsed = JSON.parse(r.stdout.trim().split('\n').pop() || '{}');
      if (parsed.error || r.status !== 0) throw new Error(parsed.error ?? r.stderr);
      return parsed;
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  };
  const cuts = [0, 1, 2].map(() => measureOnce((out) => ['cut', net.proto, out]));
  const bytes = cuts[0].bytes;
  const copies = [0, 1, 2].map(() => measureOnce((out) => ['copy', net.weights, out, String(bytes)]));
  const median = (list, key) => [...list].sort((a, b) => a[key] - b[key])[1][key];
  const peak = (list) => Math.max(...list.map((r) => r.peakRssMB));
  const gb = (statSync(net.weights).size / 1e9).toFixed(2);
  table(`Sub-model export: the middle third (${cuts[0].nodes} layers) of synth_64w (${gb} GB of weights), median of 3 fresh processes`,
    ['what', 'weights written', 'time', 'peak RSS', 'aim'],
    [
      ['cut (open + select + dump.prototxt + dump.caffemodel)', `${(bytes / 1e6).toFixed(0)} MB`, `${(median(cuts, 'ms') / 1000).toFixed(2)} s (open ${(median(cuts, 'openedMs') / 1000).toFixed(2)} s)`, `${peak(cuts).toFixed(0)} MB`, '< 150 MB, close to the copy'],
      ['plain copy of the same bytes (stream pipe)', `${(copies[0].bytes / 1e6).toFixed(0)} MB`, `${(median(copies, 'ms') / 1000).toFixed(2)} s`, `${peak(copies).toFixed(0)} MB`, 'reference'],
    ]);
}

// Issue 15: from a change in a 1,000-line compile script (100 bmpaddle calls against a model
// folder) to the diagnostics of that version, through the language server over stdio.
argsLatency();

function argsLatency() {
  for (const args of [['scripts/build.mjs', '--only', 'server'], ['scripts/build.mjs', '--tests-only']]) {
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NPU_TEST_OUT: '.bench/out' } });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  const r = spawnSync(process.execPath, [join(benchDir, 'out', 'test', 'bench', 'measureScriptEdits.js'), join(root, 'dist', 'server.js')], { encoding: 'utf8', timeout: 120_000 });
  let m;
  try {
    m = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
  } catch {
    m = { error: r.stderr.trim().split('\n').pop() ?? 'no answer' };
  }
  const label = m.error ? 'a 1,000-line compile script' : `a ${m.lines}-line compile script (100 bmpaddle calls, model checks on), one edit`;
  table('Compiler arguments: change → published diagnostics (median of 41 edits after 5 warm-up)', ['what', 'median', 'slowest', 'aim', ''],
    [[label, m.error ? '-' : `${m.medianMs.toFixed(1)} ms`, m.error ? '-' : `${m.maxMs.toFixed(1)} ms`, '< 30 ms', m.error ? `error: ${m.error}` : '']]);
  prototxtLatency();
}

/**
 * Issue 15: a change in a 20,000-layer prototxt (gen-caffe-net.mjs, 1,455 blocks) to the
 * diagnostics of that version, through the language server over stdio; the server's debounce
 * is shown apart so the check's own time can be read.
 */
function prototxtLatency() {
  const proto = join(data, 'synth_20000_layers.prototxt');
  if (!existsSync(proto)) {
    const g = spawnSync(process.execPath, [join(shared, 'tools', 'gen-caffe-net.mjs'), '--blocks', '1455', '--out', proto], { stdio: 'inherit' });
    if (g.status !== 0) process.exit(g.status ?? 1);
  }
  const r = spawnSync(process.execPath, [join(benchDir, 'out', 'test', 'bench', 'measurePrototxtEdits.js'), join(root, 'dist', 'server.js'), proto], { encoding: 'utf8', timeout: 300_000 });
  let m;
  try {
    m = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
  } catch {
    m = { error: r.stderr.trim().split('\n').pop() ?? 'no answer' };
  }
  const ms = (v) => `${v.toFixed(0)} ms`;
  const label = m.error ? 'a 20,000-layer prototxt' : `a ${m.layers.toLocaleString('en')}-layer prototxt (${(m.bytes / 1e6).toFixed(1)} MB), one num_output edit`;
  table(`Prototxt: change → published diagnostics (median of ${m.rounds ?? '-'} edits after 3 warm-up; the server waits ${m.debounceMs ?? 300} ms after a change that follows a pause, ${m.typingDebounceMs ?? 300} ms after the last of a typing burst)`, ['what', 'median', 'slowest', 'after debounce', 'aim', ''],
    [[label, m.error ? '-' : ms(m.medianMs), m.error ? '-' : ms(m.maxMs), m.error ? '-' : ms(m.medianMs - m.debounceMs), '< 300 ms', m.error ? `error: ${m.error}` : `first open ${ms(m.openMs)}`],
      ...(m.error ? [] : [
        ['  the same, an outline request sent with each change', ms(m.outlineMedianMs), ms(m.outlineMaxMs), ms(m.outlineMedianMs - m.debounceMs), '< 300 ms', 'one read answers both'],
        [`  typing: ${m.burst} keystrokes ${m.typingMs} ms apart, last one → diagnostics`, ms(m.typingMedianMs), ms(m.typingMaxMs), ms(m.typingMedianMs - m.typingDebounceMs), '-', `median of ${m.bursts} bursts`],
      ])]);
  recovery(proto);
}

/** Issue 15: the prototxt reader reading past syntax errors (test/bench/measureRecovery.ts). */
function recovery(proto) {
  const r = spawnSync(process.execPath, [join(benchDir, 'out', 'test', 'bench', 'measureRecovery.js'), proto], { encoding: 'utf8', timeout: 300_000 });
  let m;
  try {
    m = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
  } catch {
    m = { error: r.stderr.trim().split('\n').pop() ?? 'no answer' };
  }
  const ms = (v) => (m.error ? '-' : `${v.toFixed(0)} ms`);
  table(`Prototxt reader past syntax errors, ${m.error ? '' : `${(m.bytes / 1e6).toFixed(1)} MB, `}medians (the plain read throws at the first error)`, ['text', 'read', 'errors', 'aim'], m.error ? [['-', '-', '-', `error: ${m.error}`]] : [
    ['the 20,000-layer net, plain read', ms(m.plainMs), '0', 'reference'],
    ['the same, recovering', ms(m.cleanMs), '0', '~ plain'],
    ['a wrong value in 1 layer of 100', ms(m.brokenMs), String(m.brokenErrors), '~ plain'],
    ['its characters shuffled (garbage)', ms(m.garbageMs), String(m.garbageErrors), 'stops at the limit'],
  ]);
}

// Paddle 3 PIR (issue 17): the reader scans the text once straight into ops and values; the aim
// is to take no longer than JSON.parse of the same text alone. The synthetic program is written
// by the project's own PIR writer (test/support/pirModels.ts).
pirParse();

function pirParse() {
  const script = join(benchDir, 'out', 'test', 'bench', 'measurePir.js');
  const files = [];
  const pirRoot = join(shared, 'models', 'paddle-pir');
  if (existsSync(pirRoot)) {
    for (const f of readdirSync(pirRoot).filter((n) => n.endsWith('.reference.json')).sort()) {
      const ref = JSON.parse(readFileSync(join(pirRoot, f), 'utf8'));
      files.push([`paddle-pir/${ref.model}/${ref.program_file}`, join(pirRoot, ref.model, ref.program_file), 51]);
    }
  }
  const synthetic = join(data, 'synth_pir_20000.json');
  if (!existsSync(synthetic)) {
    const r = spawnSync(process.execPath, [script, '--write-synthetic', synthetic, '20000'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('could not write the synthetic PIR program');
  }
  files.push(['synthetic PIR program, 20,000 ops', synthetic, 7]);
  const rows = files.map(([label, file, runs]) => {
    const r = spawnSync(process.execPath, [script, file, String(runs)], { encoding: 'utf8' });
    let m;
    try {
      m = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
    } catch {
      m = { error: r.stderr.trim().split('\n').pop() };
    }
    if (m.error) return [label, '-', '-', '-', '-', '-', '-', `error: ${m.error}`];
    const mb = m.bytes / 1e6;
    return [label, `${mb.toFixed(mb < 1 ? 3 : 1)} MB`, String(m.ops), `${m.jsonMs.toFixed(2)} ms`, `${m.parseMs.toFixed(2)} ms`, `${(m.parseMs / m.jsonMs).toFixed(2)}x`, `${m.openMs.toFixed(2)} ms`, '<= 1x JSON.parse'];
  });
  table('Paddle 3 PIR: parse (the reader\'s scan into ops and values) against JSON.parse alone on the same text (medians, timed in turns after a shared warm-up; open = reader + weights index + graph)',
    ['program', 'size', 'ops', 'JSON.parse', 'PIR parse', 'ratio', 'open', 'aim'], rows);
}

conversionOverhead();
compareJobOverhead();

/**
 * Hosts: a conversion job over SSH (upload skipped, the simulator returning at once) against a
 * bare `ssh host true` on the same test sshd, medians of 9 interleaved rounds
 * (test/bench/measureConversion.ts). Needs /usr/sbin/sshd (scripts/install-system-packages.sh).
 */
function conversionOverhead() {
  if (!existsSync('/usr/sbin/sshd')) {
    console.log('\nHosts: no /usr/sbin/sshd (openssh-server); the conversion figure is left out');
    return;
  }
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--tests-only'], { cwd: root, stdio: 'inherit', env: { ...process.env, NPU_TEST_OUT: '.bench/out' } });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const r = spawnSync(process.execPath, [join(benchDir, 'out', 'test', 'bench', 'measureConversion.js'), '9'], { encoding: 'utf8' });
  let m;
  try {
    m = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
  } catch {
    m = { error: r.stderr.trim().split('\n').pop() };
  }
  if (m.error) {
    console.log(`\nHosts: conversion job: error: ${m.error}`);
    return;
  }
  const ms = (v) => `${v.toFixed(0)} ms`;
  const widths = [58, 10, 8, 10];
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log('\nHosts: a conversion job (Paddle sample, upload skipped, simulator) vs a bare `ssh host true` (median of 9 interleaved rounds)');
  console.log(line(['', 'median', 'ratio', 'aim']));
  console.log(line(['ssh simhost true', ms(m.sshMs), '1.00x', '']));
  console.log(line(['conversion job (connect, run, results back, clean up, close)', ms(m.jobMs), `${m.ratio.toFixed(2)}x`, '< 1.5x']));
  console.log(line(['  of which the simulated tool itself (python3 -> node)', ms(m.toolMs), '', '']));
  console.log(line(['job without the tool\'s own time', ms(m.jobMs - m.toolMs), `${m.overheadRatio.toFixed(2)}x`, '< 1.5x']));
}

/** The conversion form: from a field's change to its messages, the checks of src/core/args against the model (test/bench/measureFormChecks.ts). */
function formChecks() {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--tests-only'], { cwd: root, stdio: 'inherit', env: { ...process.env, NPU_TEST_OUT: '.bench/out' } });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const r = spawnSync(process.execPath, [join(benchDir, 'out', 'test', 'bench', 'measureFormChecks.js'), '21'], { encoding: 'utf8', timeout: 300_000 });
  const m = JSON.parse(r.stdout.trim().split('\n').pop() || '{"error":"no output"}');
  if (m.error) {
    console.log(`\nConversion form: error: ${m.error}`);
    return;
  }
  console.log('\nConversion form: a change of --shapes to the fields\' messages (median and worst of 21, model kept open)');
  for (const [model, f] of Object.entries(m)) console.log(`${model.padEnd(34)}  ${f.medianMs.toFixed(1).padStart(7)} ms  worst ${f.worstMs.toFixed(1).padStart(7)} ms  aim < 100 ms`);
}

/**
 * Issue 18 §2: a compare job with the vendors' tools (simulated msame --dump, atc --mode=1,
 * msaccucmp.py) against the same tool line by hand over one ssh command, medians of 5
 * interleaved rounds (test/bench/measureVendorCompare.ts; built by conversionOverhead).
 */
function compareJobOverhead() {
  if (!existsSync('/usr/sbin/sshd')) return;
  const r = spawnSync(process.execPath, [join(benchDir, 'out', 'test', 'bench', 'measureVendorCompare.js'), '5'], { encoding: 'utf8' });
  let m;
  try {
    m = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
  } catch {
    m = { error: r.stderr.trim().split('\n').pop() };
  }
  if (m.error) return console.log(`\nHosts: compare job: error: ${m.error}`);
  console.log('\nHosts: a compare job (om, msame --dump + atc --mode=1 + msaccucmp.py, simulated) vs the same tools by hand over one ssh (median of 5)');
  console.log(`  by hand ${m.handMs.toFixed(0)} ms, job (uploads, probe, run, results back, compare.json, clean up) ${m.jobMs.toFixed(0)} ms: ${m.ratio.toFixed(2)}x`);
}

// Issue 18: our comparison engine on a synthetic 1 GiB dump folder (float32 version-2 NPU dumps
// against golden .npy) against numpy doing the same metrics (test/bench/measureCompare.ts);
// `npm run bench -- compare` runs it alone.
compareAgainstNumpy();

function compareAgainstNumpy() {
  const r = spawnSync(process.execPath, [join(benchDir, 'out', 'test', 'bench', 'measureCompare.js')], { encoding: 'utf8' });
  let m;
  try {
    m = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
  } catch {
    m = { error: r.stderr.trim().split('\n').pop() };
  }
  if (m.error) {
    console.log(`\nCompare: error: ${m.error}`);
    return;
  }
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  table(`Compare: ${(m.bytes / 2 ** 30).toFixed(2)} GiB of NPU dumps (${m.tensors} float32 tensors) against their golden .npy (median of 3 fresh processes)`,
    ['what', 'time', 'peak RSS', 'aim'],
    [
      ['npu-deploy compare engine (all metrics, both KL passes)', s(m.ms), `${m.peakRssMB.toFixed(0)} MB`, '< 200 MB, faster than numpy'],
      m.numpy ? ['numpy, the same metrics per tensor (reference)', s(m.numpy.ms), `${m.numpy.peakRssMB.toFixed(0)} MB`, ''] : ['numpy not installed', '-', '-', ''],
    ]);
}

logParse();

/** Logs: parseLog on three synthetic 48 MB captures (test/bench/measureLogs.ts) against `split` into lines. */
function logParse() {
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', join(benchDir, 'out', 'test', 'bench', 'measureLogs.js')], { encoding: 'utf8' });
  const rows = r.stdout.trim().split('\n').filter(Boolean).map((line) => {
    const m = JSON.parse(line);
    return [m.label, `${(m.bytes / 1e6).toFixed(0)} MB`, m.verdict, `${m.splitMs.toFixed(0)} ms`, `${m.parseMs.toFixed(0)} ms`, `${(m.parseMs / m.splitMs).toFixed(1)}x`, `${(m.bytes / 1e6 / (m.parseMs / 1000)).toFixed(0)} MB/s`, `${m.peakRssMB.toFixed(0)} MB`];
  });
  if (r.status !== 0) rows.push(['error', '-', '-', '-', '-', '-', '-', r.stderr.trim().split('\n').pop() ?? '']);
  table('Logs: npu-deploy log\'s parse (detection + the tool\'s parser) against a bare split into lines (medians of 5)',
    ['capture', 'size', 'verdict', 'split', 'parse', 'ratio', 'rate', 'peak RSS'], rows);
}

tensorDetailFigure();

/** Issue 18 §4: the results view's tensor detail against one bare pass over the same 16 M-element pair (test/bench/measureTensorDetail.ts). */
function tensorDetailFigure() {
  spawnSync(process.execPath, ['scripts/build.mjs', '--tests-only'], { cwd: root, stdio: 'inherit', env: { ...process.env, NPU_TEST_OUT: '.bench/out' } });
  const r = spawnSync(process.execPath, [join(benchDir, 'out', 'test', 'bench', 'measureTensorDetail.js'), '16000000'], { encoding: 'utf8' });
  const m = JSON.parse(r.stdout.trim().split('\n').pop() || '{"error":"no output"}');
  if (m.error || r.status !== 0) return console.log(`\nComparison view: tensor detail: error: ${m.error ?? r.stderr}`);
  console.log(`\nComparison view: one tensor's detail (histogram, scatter sample, worst 20) on ${m.n.toLocaleString('en')} float32 elements, median of 5`);
  console.log(`  tensorDetail ${m.detailMs.toFixed(0)} ms; one bare max-|error| pass ${m.passMs.toFixed(0)} ms (${(m.detailMs / m.passMs).toFixed(2)}x); peak RSS ${m.peakRssMB.toFixed(0)} MB (the two tensors are 128 MB)`);
}

viewerDraw();

/**
 * Issue 13: the graph viewer in headless chromium (test/bench/measureDraw.ts), one fresh browser
 * per model: reading the model as the host does, then ModelLoaded → first frame with the graph,
 * and the renderer's peak RSS; on the 11,000-layer net also 30 pan frames at 1:1 and fitted.
 * Beside Netron's figures on this kind of machine, from the issue.
 */
function viewerDraw() {
  // The page's stage marks, in order, with the column each gets in the breakdown.
  const STAGES = [
    ['pageStarted', 'message read'],
    ['layoutAsked', 'layout asked'],
    ['groupsFound', 'groups found'],
    ['pageShown', 'page shown'],
    ['layoutReceived', 'layout back'],
    ['sceneBuilt', 'scene built'],
    ['graphDrawn', 'first frame drawn'],
  ];
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--only', 'webview/main'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const script = join(benchDir, 'out', 'test', 'bench', 'measureDraw.js');
  const models = [];
  for (const [label, parts] of [['ResNet-101', ['caffe', 'resnet50_101', 'ResNet-101-deploy.prototxt']], ['GoogLeNet', ['caffe', 'bvlc_googlenet', 'deploy.prototxt']]]) {
    const file = join(shared, 'models', ...parts);
    if (existsSync(file)) models.push([label, file, '', '']);
    else console.log(`\nViewer: ${label} left out: no ${relative(root, file)} (the model collection is not here)`);
  }
  models.push(['synthetic, 218 blocks', generate('synth_218', 218, false).proto, '', '']);
  models.push(['synthetic, 800 blocks', generate('synth_800', 800, false).proto, '3.4 s', '< 0.7 s']);
  models.push(['synthetic, 4,000 blocks', generate('synth_4000', 4000, false).proto, '19.2 s, 3.9 GB', '< 2 s, < 500 MB']);
  const rows = [];
  const stageRows = [];
  let pan;
  for (const [label, file, netron, aim] of models) {
    const args = [script, ...(label.includes('800') ? ['--pan'] : []), `${label}=${file}`];
    const r = spawnSync(process.execPath, ['--max-old-space-size=8192', ...args], { encoding: 'utf8', timeout: 900_000 });
    let m;
    try {
      m = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
    } catch {
      m = { error: (r.stderr || String(r.error ?? 'no answer')).trim().split('\n').pop() };
    }
    if (m.error) {
      rows.push([label, '-', '-', `error: ${m.error}`, '-', '-', netron, aim]);
      continue;
    }
    const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
    rows.push([label, m.nodes.toLocaleString('en'), s(m.readMs), s(m.drawnMs), s(m.readMs + m.drawnMs), `${m.rendererPeakMB.toFixed(0)} MB`, netron, aim]);
    if (m.stages) stageRows.push([label, ...STAGES.map(([key]) => (m.stages[key] === undefined ? '-' : `${m.stages[key].toFixed(0)} ms`)), `${m.drawnMs.toFixed(0)} ms`]);
    if (m.panCloseMedianMs !== undefined) pan = [label, m];
  }
  table('Viewer: open → drawn in headless chromium (one run each, fresh browser; read = model → compact graph on the host, drawn = ModelLoaded received in the page, typed arrays as the host posts them → first frame with the graph, layout included, on the page\'s clock)',
    ['model', 'nodes', 'read', 'drawn', 'total', 'renderer peak RSS', 'Netron', 'aim (total)'], rows);
  table('Viewer: where "drawn" goes, ms from the message\'s arrival at each stage the page marks (webview/graph/graphTimings.ts)',
    ['model', ...STAGES.map(([, title]) => title), 'composited'], stageRows);
  if (pan) {
    const [label, m] = pan;
    const ms = (v) => `${v.toFixed(1)} ms`;
    table(`Viewer: pan frames on ${label}, 30 drag steps after 3 warm-up (rAF intervals, frame-rate limit off)`, ['view', 'median', 'worst', 'aim'],
      [['1:1 (25 px steps)', ms(m.panCloseMedianMs), ms(m.panCloseWorstMs), '<= 20 ms'], ['fitted to view (12 px steps, bitmap cache)', ms(m.panFitMedianMs), ms(m.panFitWorstMs), '<= 20 ms']]);
  }
}
