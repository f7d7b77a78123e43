// Offsets to lines and columns: LF, CRLF and lone-CR line ends, asked in file order (the reader's
// and the language server's way, answered from the last line found) and at random, against a
// count made character by character.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../src/core/formats/caffe/textPositions';
import { seededRandom } from '../../support/random';

/** Line and column of every offset (the end included), counted one character at a time. */
function countedPositions(text: string): { line: number; column: number }[] {
  const out: { line: number; column: number }[] = [];
  let line = 1;
  let column = 1;
  for (let i = 0; i <= text.length; i++) {
    out.push({ line, column });
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      column = 1;
    } else column++;
  }
  return out;
}

test('positions agree with a character count, in order, backwards and at random', () => {
  const random = seededRandom(42);
  const pieces = ['a', 'layer {', '\n', '\r\n', '\r', '', '  ', '\n\n', 'ü'];
  let text = '';
  for (let i = 0; i < 3000; i++) text += pieces[Math.floor(random() * pieces.length)];
  const expected = countedPositions(text);
  const forward = new LineIndex(text);
  for (let i = 0; i <= text.length; i++) assert.deepEqual(forward.position(i), expected[i], `offset ${i}`);
  const backward = new LineIndex(text);
  for (let i = text.length; i >= 0; i--) assert.deepEqual(backward.position(i), expected[i], `offset ${i}`);
  const randomly = new LineIndex(text);
  for (let k = 0; k < 3000; k++) {
    const a = Math.floor(random() * (text.length + 1));
    const b = Math.min(text.length, a + Math.floor(random() * 40));
    assert.deepEqual(randomly.range(a, b), { line: expected[a].line, column: expected[a].column, endLine: expected[b].line, endColumn: expected[b].column });
  }
});

test('a text without line ends, and an empty one', () => {
  assert.deepEqual(new LineIndex('abc').range(1, 3), { line: 1, column: 2, endLine: 1, endColumn: 4 });
  assert.deepEqual(new LineIndex('').position(0), { line: 1, column: 1 });
});
