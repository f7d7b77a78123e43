// Truncated and bit-flipped copies of the real samples: every failure is a ModelFormatError that
// names the file and a byte place, nothing else escapes, and nothing hangs or allocates wildly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ModelFormatError } from '../../../src/core/errors';
import { buildProgramGraph } from '../../../src/core/formats/paddle/programGraph';
import { decodeProgram, readProgramFile } from '../../../src/core/formats/paddle/programReader';
import { indexCombinedParams } from '../../../src/core/formats/paddle/paramsIndex';
import { savedVarNames } from '../../../src/core/formats/paddle/persistables';
import { openPaddleModel } from '../../../src/core/formats/paddle/openPaddle';
import { corpus, sharedModel, ifFullCorpus } from '../../support/corpus';
import { seededRandom as seeded } from '../../support/random';

function assertPlacedError(e: unknown, file: string, size: number): void {
  assert.ok(e instanceof ModelFormatError, `expected a ModelFormatError, got ${e instanceof Error ? e.stack : String(e)}`);
  assert.equal(e.file, file);
  assert.equal(e.place.kind, 'byte', e.message);
  const offset = (e.place as { offset: number }).offset;
  assert.ok(offset >= 0 && offset <= size, `byte ${offset} lies in the file of ${size} bytes`);
  assert.ok(e.message.startsWith(`${file}: byte ${offset}: `), e.message);
}

/** End of the first top-level field (block 0): cutting anywhere before it must be detected. */
function firstBlockEnd(bytes: Uint8Array): number {
  let p = 1;
  let len = 0;
  for (let scale = 1; ; scale *= 128) {
    const b = bytes[p++];
    len += (b & 0x7f) * scale;
    if (b < 0x80) break;
  }
  return p + len;
}

const programSamples = [
  ['simple_model', 'model.pdmodel'],
  ['custom_gap', 'custom_gap.pdmodel'],
  ['fill_constant_autoscan', 'model'],
  ['uci_housing_fit_a_line', '__model__'],
  ['lac_graph_only', '__model__'],
  ['resnet_cifar10_fluid', '__model__'],
];

// resnet_cifar10_fluid is in the full corpus only.
for (const [model, name] of programSamples.filter(([model, name]) => corpus.has('paddle', model, name))) {
  const file = corpus.path('paddle', model, name);
  const original = new Uint8Array(readFileSync(file));
  const label = `${model}/${name}`;

  test(`${label}: 30 truncations inside the first block each give a placed error`, { timeout: 60_000 }, () => {
    const random = seeded(original.length);
    const end = firstBlockEnd(original);
    const cuts = [1, 2, 3, end - 1, ...Array.from({ length: 26 }, () => 1 + Math.floor(random() * (end - 2)))];
    for (const cut of cuts) {
      const bytes = original.subarray(0, cut);
      assert.throws(() => decodeProgram(bytes, 'cut.pdmodel'), (e: unknown) => {
        assertPlacedError(e, 'cut.pdmodel', cut);
        return true;
      }, `cut at ${cut}`);
    }
  });

  test(`${label}: 30 single-bit flips decode, or fail with a placed error`, { timeout: 60_000 }, () => {
    const random = seeded(original.length * 7 + 1);
    let failures = 0;
    for (let k = 0; k < 30; k++) {
      const bytes = Uint8Array.from(original);
      const at = Math.floor(random() * bytes.length);
      bytes[at] ^= 1 << Math.floor(random() * 8);
      try {
        const program = decodeProgram(bytes, 'flipped.pdmodel');
        // A flip that still decodes must still give a graph, never a crash.
        buildProgramGraph(program, { file: 'flipped.pdmodel' });
      } catch (e) {
        failures++;
        assertPlacedError(e, 'flipped.pdmodel', bytes.length);
      }
    }
    assert.ok(failures < 30, 'some flips only change a name or a number');
  });
}

ifFullCorpus(test)('a flip in the first tag is reported at byte 0 as not a Paddle program', () => {
  const bytes = Uint8Array.from(readFileSync(sharedModel('paddle', 'simple_model', 'model.pdmodel')));
  bytes[0] = 0x0b;
  assert.throws(() => decodeProgram(bytes, 'x.pdmodel'), (e: unknown) => {
    assertPlacedError(e, 'x.pdmodel', bytes.length);
    assert.match((e as Error).message, /encrypted or not a Paddle program.*0b f3 39/);
    return true;
  });
});

ifFullCorpus(test)('a length that runs past the end says so, at the place decoding stopped', () => {
  // Block 0 claims one byte more than the file holds.
  const original = readFileSync(sharedModel('paddle', 'fill_constant_autoscan', 'model'));
  const bytes = Uint8Array.from(original.subarray(0, firstBlockEnd(original)));
  assert.throws(() => decodeProgram(bytes.subarray(0, bytes.length - 1), 'short'), / short: byte 538: the file is truncated: block 0 \(starting at byte 0\) needs 536 bytes but only 535 follow$/);
  // A block whose own length is consistent but whose last message is cut: the decoder finds it.
  const payload = bytes.subarray(3, bytes.length - 10);
  const inner = Uint8Array.from([0x0a, (payload.length & 0x7f) | 0x80, payload.length >> 7, ...payload]);
  assert.throws(() => decodeProgram(inner, 'inner'), / inner: byte \d+: cannot decode the Paddle program: a length or value runs past the end of its message/);
});

test('an empty file and a file of zeros are not programs', () => {
  assert.throws(() => decodeProgram(new Uint8Array(0), 'empty.pdmodel'), /empty\.pdmodel: byte 0: the file is empty/);
  assert.throws(() => decodeProgram(new Uint8Array(64), 'zeros.pdmodel'), /zeros\.pdmodel: byte 0: this file is encrypted or not a Paddle program/);
});

ifFullCorpus(test)('opening a truncated program names that file', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-paddle-bad-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'model.pdmodel');
  writeFileSync(file, readFileSync(sharedModel('paddle', 'simple_model', 'model.pdmodel')).subarray(0, 5000));
  await assert.rejects(openPaddleModel(file, {}), (e: unknown) => {
    assertPlacedError(e, file, 5000);
    return true;
  });
});

const paramsSamples = [
  ['simple_model', 'model.pdmodel', 'model.pdiparams'],
  ['custom_gap', 'custom_gap.pdmodel', 'custom_gap.pdiparams'],
  ['fill_constant_autoscan', 'model', 'params'],
];

for (const [model, programName, paramsName] of paramsSamples) {
  const label = `${model}/${paramsName}`;

  ifFullCorpus(test)(`${label}: truncations give a placed error or a count warning, never silence`, { timeout: 60_000 }, async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'npu-paddle-bad-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const program = await readProgramFile(sharedModel('paddle', model, programName));
    const names = savedVarNames(program);
    const original = readFileSync(sharedModel('paddle', model, paramsName));
    const random = seeded(original.length);
    const cuts = new Set([0, 1, 4, 11, 12, 20, original.length - 1]);
    while (cuts.size < Math.min(30, original.length)) cuts.add(Math.floor(random() * original.length));
    const file = path.join(dir, paramsName);
    for (const cut of cuts) {
      writeFileSync(file, original.subarray(0, cut));
      try {
        const index = await indexCombinedParams(file, names);
        assert.ok(index.warnings.some((w) => w.code === 'paddle.params-count'), `cut at ${cut} is noticed`);
        assert.match(index.warnings[0].message, new RegExp(`missing from ${names[index.store.entries.length].replace(/\./g, '\\.')}`));
      } catch (e) {
        assertPlacedError(e, file, cut);
      }
    }
  });

  ifFullCorpus(test)(`${label}: bit flips in record headers give a placed error, a warning, or the data`, { timeout: 60_000 }, async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'npu-paddle-bad-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const program = await readProgramFile(sharedModel('paddle', model, programName));
    const names = savedVarNames(program);
    const source = sharedModel('paddle', model, paramsName);
    const clean = await indexCombinedParams(source, names);
    const original = readFileSync(source);
    const random = seeded(original.length * 3);
    const file = path.join(dir, paramsName);
    let errors = 0;
    for (let k = 0; k < 30; k++) {
      const entry = clean.store.entries[Math.floor(random() * clean.store.entries.length)];
      const headerLength = entry.offset - entry.recordOffset;
      const bytes = Uint8Array.from(original);
      const at = entry.recordOffset + Math.floor(random() * headerLength);
      bytes[at] ^= 1 << Math.floor(random() * 8);
      writeFileSync(file, bytes);
      try {
        await indexCombinedParams(file, names);
      } catch (e) {
        errors++;
        assertPlacedError(e, file, bytes.length);
      }
    }
    assert.ok(errors > 0, 'header damage is noticed');
  });
}

ifFullCorpus(test)('absurd lengths in a record are refused before anything is allocated', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-paddle-bad-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const original = readFileSync(sharedModel('paddle', 'fill_constant_autoscan', 'params'));
  const file = path.join(dir, 'params');
  const cases: [string, (b: Buffer) => void, RegExp][] = [
    ['version', (b) => b.writeUInt32LE(7, 0), /byte 0: unsupported LoDTensor version 7/],
    ['lod levels', (b) => b.writeBigUInt64LE(0xffffffffffffffffn, 4), /byte 4: LoD level count 18446744073709551615 is not plausible/],
    ['desc size', (b) => b.writeInt32LE(0x7fffffff, 16), /byte 16: tensor description size 2147483647 is not plausible/],
    ['negative desc size', (b) => b.writeInt32LE(-5, 16), /tensor description size -5/],
    ['tensor version', (b) => b.writeUInt32LE(1, 12), /byte 12: unsupported tensor version 1/],
  ];
  for (const [what, damage, expected] of cases) {
    const bytes = Buffer.from(original);
    damage(bytes);
    writeFileSync(file, bytes);
    await assert.rejects(indexCombinedParams(file, ['place_holder_weight']), (e: unknown) => {
      assertPlacedError(e, file, bytes.length);
      assert.match((e as Error).message, expected, what);
      return true;
    });
  }
});

test('a LoD level claiming more bytes than the file holds is refused', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-paddle-bad-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'params');
  const bytes = Buffer.alloc(40);
  bytes.writeBigUInt64LE(1n, 4);
  bytes.writeBigUInt64LE(1n << 40n, 12);
  writeFileSync(file, bytes);
  await assert.rejects(indexCombinedParams(file, ['a']), /byte 12: LoD level 0 claims 1099511627776 bytes, more than the 20 left/);
});

test('dims whose data would exceed the file are refused with the shape in the message', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-paddle-bad-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // Record header + TensorDesc { data_type: FP32, dims: [1 << 40, 1 << 20] } and 4 bytes of data.
  const desc = Buffer.from([0x08, 0x05, 0x10, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0x10, 0x80, 0x80, 0x40]);
  const head = Buffer.alloc(20);
  head.writeInt32LE(desc.length, 16);
  const file = path.join(dir, 'huge.pdiparams');
  writeFileSync(file, Buffer.concat([head, desc, Buffer.alloc(4)]));
  await assert.rejects(indexCombinedParams(file, ['huge']), /the tensor \[1099511627776, 1048576\] float32 needs 4611686018427387904 bytes of data but only 4 are left/);
});
