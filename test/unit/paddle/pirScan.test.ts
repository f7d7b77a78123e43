// The PIR scanner reads compact text (what Paddle writes) by its common shapes and reuses what an
// op of the same kind had at the same place; indented text and other key orders go the general
// way. Every layout of the same document must read the same, down to each value's type and
// each attribute, and each op's raw form must be the document's own op. Strings with escapes and
// numbers JSON.parse would round must read as JSON.parse reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ModelFormatError } from '../../../src/core/errors';
import { parsePirProgram, type PirProgram } from '../../../src/core/formats/paddle/pirProgram';
import { controlFlowPirProgram, smallPirModel, synthPirProgram } from '../../support/pirModels';

const pirRoot = path.resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'models', 'paddle-pir');

/** Every object's keys in reverse order (Paddle sorts them): no fast path applies. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).reverse()) out[key] = reversedKeys((value as Record<string, unknown>)[key]);
  return out;
}

/** What a program reads as, without the op objects' own class. */
function reading(program: PirProgram) {
  return {
    version: program.version,
    trainable: program.trainable,
    blocks: program.blocks.map((b) => ({ name: b.name, depth: b.depth, owner: b.owner ? program.ops.indexOf(b.owner) : -1, args: b.args, ops: b.ops.map((op) => program.ops.indexOf(op)) })),
    ops: program.ops.map((op) => ({ name: op.name, block: op.block, index: op.index, operands: op.operands, results: op.results, attributes: op.attributes, regions: op.regions, parameter: op.parameter })),
    unknown: [...program.unknownAttributeTypes],
  };
}

function sameInEveryLayout(text: string, label: string): PirProgram {
  const compact = parsePirProgram(text, label);
  const document = JSON.parse(text) as unknown;
  const expected = reading(compact);
  assert.deepEqual(reading(parsePirProgram(JSON.stringify(document, null, 2), label)), expected, `${label}: indented`);
  assert.deepEqual(reading(parsePirProgram(JSON.stringify(reversedKeys(document)), label)), expected, `${label}: keys reversed`);
  // Each op's raw form is the document's op (regions and all).
  const ops = (document as { program: { regions: { blocks: { ops: unknown[] }[] }[] } }).program.regions[0].blocks[0].ops;
  assert.deepEqual(compact.blocks[0].ops.map((op) => op.raw), ops, `${label}: raw ops`);
  return compact;
}

test('compact, indented and reordered programs read the same (the writer\'s programs and the model collection)', () => {
  const programs: [string, string][] = [
    ['small', smallPirModel().builder.text()],
    ['control flow', controlFlowPirProgram().text()],
    ['synthetic 300 ops', synthPirProgram(300).text()],
  ];
  if (existsSync(pirRoot)) {
    for (const model of readdirSync(pirRoot).filter((n) => !n.includes('.')).sort()) {
      for (const file of readdirSync(path.join(pirRoot, model)).filter((n) => n.endsWith('.json'))) programs.push([`${model}/${file}`, readFileSync(path.join(pirRoot, model, file), 'utf8')]);
    }
  }
  for (const [label, text] of programs) sameInEveryLayout(text, label);
  assert.ok(programs.length >= (existsSync(pirRoot) ? 8 : 3));
});

test('escaped strings and numbers read as JSON.parse reads them; a value repeated with a difference is read anew', () => {
  const head = '{"base_code":{"magic":"pir","trainable":true,"version":1},"program":{"regions":[{"#":"region_0","blocks":[{"#":"block_0","args":[],"ops":[';
  const dense = (dims: string) => `{"#":"0.t_dtensor","D":[{"#":"0.t_f32"},[${dims}],"NCHW",[],0]}`;
  const op = (id: number, attrs: string, dims: string) => `{"#":"1.full","A":[${attrs}],"I":[],"O":[{"%":${id},"TT":${dense(dims)}}]}`;
  const text =
    head +
    [
      op(1, '{"AT":{"#":"0.a_str","D":"a\\"b\\u00e9\\\\n"},"N":"na\\u006de"},{"AT":{"#":"0.a_f64","D":0.1e-5},"N":"value"}', '2,3'),
      op(2, '{"AT":{"#":"0.a_str","D":"x"},"N":"name"},{"AT":{"#":"0.a_f64","D":123456789012345678},"N":"value"}', '2,3'),
      op(3, '{"AT":{"#":"0.a_str","D":"xy"},"N":"name"},{"AT":{"#":"0.a_f64","D":-2.5E-3},"N":"value"}', '2,30'),
      op(4, '{"AT":{"#":"0.a_str","D":"xy"},"N":"name"},{"AT":{"#":"0.a_f64","D":1E+2},"N":"value"}', '2,3,1'),
    ].join(',') +
    ']}]}]}}';
  const program = sameInEveryLayout(text, 'escapes');
  const attrs = program.ops.map((o) => o.attributes);
  assert.deepEqual(attrs[0], { name: 'a"bé\\n', value: 0.1e-5 });
  assert.equal(attrs[1].value, JSON.parse('123456789012345678'));
  assert.equal(attrs[2].value, -2.5e-3);
  assert.equal(attrs[3].value, 100);
  assert.deepEqual(program.ops.map((o) => o.results[0].type.dims), [[2, 3], [2, 3], [2, 30], [2, 3, 1]]);
  assert.deepEqual(attrs.map((a) => a.name), ['a"bé\\n', 'x', 'xy', 'xy']);
  // -0 (which JSON.stringify cannot write back) stays -0, as JSON.parse reads it.
  const negativeZero = parsePirProgram(text.replace('"D":-2.5E-3', '"D":-0'), 'zero');
  assert.ok(Object.is(negativeZero.ops[2].attributes.value, -0));
});

test('real programs cut short or with a character changed: the one-line error naming the file and a line and column, never a crash', () => {
  const file = path.join(pirRoot, 'pplcnet_x0_25_textline_ori', 'inference.json');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : synthPirProgram(200).text();
  const refusal = (broken: string): ModelFormatError | undefined => {
    try {
      parsePirProgram(broken, 'inference.json');
      return undefined;
    } catch (e) {
      assert.ok(e instanceof ModelFormatError, `threw ${(e as Error).stack}`);
      assert.doesNotMatch(e.message, /\n/);
      assert.match(e.message, /^inference\.json:\d+:\d+: /);
      return e;
    }
  };
  for (let k = 1; k < 40; k++) {
    const at = Math.floor((text.length * k) / 40);
    assert.match(refusal(text.slice(0, at))?.message ?? 'read', /truncated$/, `cut at ${at}`);
  }
  // A fixed pseudo-random walk of single-character changes: refused, or (when still a program) read.
  let seed = 17;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const replacements = ['"', '{', '}', '[', ']', ',', ':', '0', '-', 'x', ' ', '\\', '.', 'e'];
  let refused = 0;
  for (let k = 0; k < 150; k++) {
    const at = next() % text.length;
    const broken = text.slice(0, at) + replacements[next() % replacements.length] + text.slice(at + 1);
    if (refusal(broken)) refused++;
  }
  assert.ok(refused > 50, `${refused} refused`);
});
