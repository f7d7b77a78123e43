// Every problem is one line, whatever the file holds or is called: control characters escaped,
// a crafted 10 MB token cut, a file name with a newline kept on the line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ModelFormatError, formatProblem } from '../../src/core/errors';
import { openModel } from '../../src/core/openModel';
import { UniqueNames } from '../../src/core/uniqueNames';

test('control characters are escaped and long tokens cut; the file name is escaped, never cut', () => {
  const longPath = `/models/${'deep/'.repeat(100)}net.prototxt`;
  const line = formatProblem(`${longPath}\nx`, { kind: 'text', line: 3, column: 1 }, `bad\u0000name\r ${'y'.repeat(10_000_000)} end`);
  assert.ok(!line.includes('\n') && !line.includes('\r') && !line.includes('\u0000'), JSON.stringify(line.slice(0, 200)));
  assert.ok(line.startsWith(`${longPath}\\nx:3:1: bad\\x00name\\r `));
  assert.ok(line.length < 1000, `${line.length} characters`);
  assert.match(line, /…\(10000000 characters\)…y{20} end$/);
});

test('a prototxt whose name holds a newline and whose text holds a 1 MB token fails on one line', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-oneline-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'two\nlines.prototxt');
  writeFileSync(file, `layer { name: "a" type: ${'Q'.repeat(1 << 20)} }\n`);
  await assert.rejects(openModel(file), (e: unknown) => {
    assert.ok(e instanceof ModelFormatError);
    assert.ok(!e.message.includes('\n'), 'one line');
    assert.ok(e.message.length < 1200, `${e.message.length} characters`);
    assert.ok(e.message.startsWith(`${dir}/two\\nlines.prototxt:1:`), e.message.slice(0, 120));
    return true;
  });
});

test('unique names: repeats get the next free suffix, names taken as written are skipped', () => {
  const names = new UniqueNames();
  assert.equal(names.take('a#1'), 'a#1');
  assert.equal(names.take('a'), 'a');
  assert.equal(names.take('a'), 'a#2');
  assert.equal(names.take('a'), 'a#3');
  const many = new UniqueNames();
  let last = '';
  for (let i = 0; i < 100_000; i++) last = many.take('');
  assert.equal(last, '#99999');
});
