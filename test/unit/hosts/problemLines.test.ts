// The CLI's problem lines and the `$npu-deploy` problem matcher contributed in package.json: what
// the Problems panel gets from a conversion task is the matcher's regexp over these lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { problemLine } from '../../../src/cli/problemLines';
import { parseToolProblems } from '../../../src/core/convert/toolProblems';
import { repoRoot } from '../../support/paths';

const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const matcher = pkg.contributes.problemMatchers.find((m: { name: string }) => m.name === 'npu-deploy');

function matched(line: string) {
  const m = new RegExp(matcher.pattern.regexp).exec(line);
  assert.ok(m, `the matcher misses ${line}`);
  const p = matcher.pattern;
  return { severity: m[p.severity], file: m[p.file], line: Number(m[p.line]), message: m[p.message], code: m[p.code] };
}

test('the matcher reads the CLI\'s lines: a local file the tool names keeps its line, a host path or compiler source goes on the model with the place in the message, a known code its explanation', () => {
  assert.equal(matcher.fileLocation, 'absolute');
  const model = path.join(repoRoot, 'models', 'tiny.pdmodel');
  const local = path.join(repoRoot, 'scripts', 'export.py');
  const log = [
    'E1124 23:35:49.000002   852 bmcompiler_layer.cpp:512] [BMCompiler:E] layer [fc] compile failed: unsupported shape',
    'Traceback (most recent call last):',
    `  File "${local}", line 12, in <module>`,
    'ValueError: bad: shape 1:2: x',
    'W11001: Op [Slice_30] does not hit the high-priority operator information library.',
    'E10016: Opname image specified in --input_shape is not found in the model.',
    '        Solution: check the names',
  ].join('\n');
  const lines = parseToolProblems(log).map((p) => problemLine(p, model, (f) => f === local));
  assert.deepEqual(lines.map(matched), [
    { severity: 'error', file: model, line: 1, message: 'layer [fc] compile failed: unsupported shape (bmcompiler_layer.cpp:512) — bmcompiler reports an error in a layer or the net parameters. What to do: Check the layer it names (shape, unsupported parameters); BMCOMPILER_STAT_ERR=1 prints per-layer error statistics.', code: 'bmcompiler' },
    { severity: 'error', file: local, line: 12, message: 'ValueError: bad: shape 1:2: x', code: 'python.ValueError' },
    { severity: 'warning', file: model, line: 1, message: 'Op [Slice_30] does not hit the high-priority operator information library. — The operator falls back to a lower-priority implementation: the model works, maybe slower. What to do: Nothing to do for correctness; for speed, try another CANN version or op_select_implmode.', code: 'atc.W11001' },
    { severity: 'error', file: model, line: 1, message: `Opname image specified in --input_shape is not found in the model. Solution: check the names — A node named in --input_shape or --out_nodes is not in the model. What to do: Check the names against the model's inputs and outputs (the graph viewer shows them); separate entries with ";".`, code: 'atc.E10016' },
  ]);
  // A relative model path is made absolute, as the matcher's fileLocation needs.
  assert.equal(matched(problemLine({ severity: 'error', code: 'bmcompiler', message: 'x' }, 'm.prototxt', () => false)).file, path.resolve('m.prototxt'));
});

test('the conversion task carries the matcher', () => {
  const source = readFileSync(path.join(repoRoot, 'src', 'extension', 'conversionTasks.ts'), 'utf8');
  assert.match(source, /CONVERSION_PROBLEM_MATCHER = '\$npu-deploy'/);
  const nls = JSON.parse(readFileSync(path.join(repoRoot, 'package.nls.zh-cn.json'), 'utf8'));
  assert.ok(nls[matcher.label.replace(/%/g, '')]);
});
