// The language server's line-based document gives the same text as the stock TextDocument after
// any sequence of edits: inserts, deletes and replacements across lines, CRLF, lone CR, pastes of
// many lines, positions past the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineDocument, lineDocuments } from '../../../src/server/lineDocument';
import { seededRandom } from '../../support/random';

test('random edits agree with the stock TextDocument, and the text is joined only when asked', () => {
  const random = seededRandom(20261202);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const start = 'name: "n"\r\nlayer {\n  name: "a"\r  type: "ReLU"\n}\n';
  const ours = lineDocuments.create('file:///x.prototxt', 'caffe-prototxt', 1, start);
  let stock = TextDocument.create('file:///x.prototxt', 'caffe-prototxt', 1, start);
  const pieces = ['', 'x', '\n', '\r\n', '\r', 'layer {\n  top: "b"\n}\n', '  ', 'ü€𝄞', '\n\n\n'];
  for (let v = 2; v < 3000; v++) {
    const lines = stock.lineCount;
    const a = { line: Math.floor(random() * (lines + 1)), character: Math.floor(random() * 12) };
    const b = random() < 0.5 ? a : { line: a.line + Math.floor(random() * 3), character: Math.floor(random() * 12) };
    const change = { range: { start: a, end: b }, text: pick(pieces) };
    // The stock document clamps past-the-end positions the same way; skip the ones it orders otherwise.
    if (stock.offsetAt(change.range.end) < stock.offsetAt(change.range.start)) continue;
    lineDocuments.update(ours, [change], v);
    stock = TextDocument.update(stock, [change], v);
    assert.equal(ours.version, v);
    if (v % 97 === 0) assert.equal(ours.getText(), stock.getText(), `after edit ${v}`);
  }
  assert.equal(ours.getText(), stock.getText());
  assert.equal(ours.lineCount, stock.lineCount);
  // A whole-text change replaces everything.
  lineDocuments.update(ours, [{ text: 'one\rtwo' }], 9999);
  assert.equal(ours.getText(), 'one\rtwo');
  assert.equal(ours.lineCount, 2);
});

test('edits patch the joined text when it was asked for, and it stays the stock one', () => {
  const random = seededRandom(7);
  const start = 'name: "n"\r\nlayer {\n  name: "a"\r  type: "ReLU"\n}\n\r\n';
  const ours = lineDocuments.create('file:///x.prototxt', 'caffe-prototxt', 1, start);
  let stock = TextDocument.create('file:///x.prototxt', 'caffe-prototxt', 1, start);
  // Mostly edits within a line (the patched path), some across lines and breaks (joined again).
  const pieces = ['', 'x', 'yz', 'ü€𝄞', '', '', '\n', '\r'];
  for (let v = 2; v < 2000; v++) {
    const lines = stock.lineCount;
    const a = { line: Math.floor(random() * (lines + 1)), character: Math.floor(random() * 12) };
    const b = random() < 0.85 ? { line: a.line, character: a.character + Math.floor(random() * 3) } : { line: a.line + 1, character: Math.floor(random() * 4) };
    const change = { range: { start: a, end: b }, text: pieces[Math.floor(random() * pieces.length)] };
    if (stock.offsetAt(change.range.end) < stock.offsetAt(change.range.start)) continue;
    lineDocuments.update(ours, [change], v);
    // Made afresh from its text each time: the stock document's own incremental line table slips
    // when a CR lands next to a line end, and its positions with it.
    stock = TextDocument.create('file:///x.prototxt', 'caffe-prototxt', v, TextDocument.update(stock, [change], v).getText());
    assert.equal(ours.getText(), stock.getText(), `after edit ${v}`);
    assert.equal(ours.lineCount, stock.lineCount, `lines after edit ${v}`);
  }
  // Deleting the only character between a lone CR and an LF makes them one CRLF break.
  const joined = new LineDocument('file:///z.prototxt', 'caffe-prototxt', 1, 'a\rb\nc');
  assert.equal(joined.getText(), 'a\rb\nc');
  joined.apply({ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, text: '' });
  assert.equal(joined.getText(), 'a\r\nc');
  assert.equal(joined.lineCount, 2);
  joined.apply({ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'q' });
  assert.equal(joined.getText(), 'a\r\nqc');
});

test('a paste of 50,000 lines', () => {
  const doc = new LineDocument('file:///y.prototxt', 'caffe-prototxt', 1, 'a\nb\n');
  const pasted = Array.from({ length: 50_000 }, (_, i) => `l${i}`).join('\n');
  doc.apply({ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, text: pasted });
  assert.equal(doc.lineCount, 50_002); // a, the pasted lines, and the empty line after the last break
  assert.equal(doc.getText(), `a\n${pasted}\n`);
});
