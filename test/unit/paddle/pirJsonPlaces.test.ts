// Where a PIR program's text goes wrong: the first bad character of a text JSON.parse refuses
// (with what was expected there), and the place of a value in a text that parses, found from its
// path in the document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findJsonSyntaxProblem, lineColumnAt } from '../../../src/core/formats/paddle/pirJsonSyntax';
import { locateJsonPath } from '../../../src/core/formats/paddle/pirJsonLocate';

test('the first bad character and what was expected there', () => {
  const cases: [string, number, string][] = [
    ['{"a" 1}', 5, 'expected ":" after a member name, found "1"'],
    ['{"a":1 "b":2}', 7, 'expected "," or "}" after a member, found "\\""'],
    ['[1,2,]', 5, 'expected a value, found "]"'],
    ['{"a":[1,2}', 9, 'expected "," or "]" after an element, found "}"'],
    ['{"a":01}', 6, 'expected "," or "}" after a member, found "1"'],
    ['{"a":"x\\q"}', 7, 'a bad escape in a string'],
    ['{"a":1}}', 7, 'text after the end of the document: "}"'],
    ['{"a":[1,{"b":', 13, 'the file ends early (expected a value, found the end of the file): truncated'],
    ['{"a":tr', 5, 'the file ends early (expected a value, found "t"): truncated'],
    ['{"a":"unterminated', 18, 'the file ends early (inside a string): truncated'],
  ];
  for (const [text, offset, detail] of cases) {
    assert.throws(() => JSON.parse(text), SyntaxError, text);
    assert.deepEqual(findJsonSyntaxProblem(text), { offset, detail }, text);
  }
  assert.equal(findJsonSyntaxProblem('{"a": [1, {"b": null}], "c": "\\u00e9"}'), undefined);
  // Deep nesting is walked without recursion.
  assert.equal(findJsonSyntaxProblem('['.repeat(200_000) + ']'.repeat(200_000)), undefined);
});

test('a value is found again by its path, through strings that hold brackets and escaped quotes', () => {
  const text = '{\n  "s": "a ] } \\" [",\n  "x": [ {"k": 1}, {"k": [10, 20, {"deep": true}]} ],\n  "y\\u0041": 3\n}';
  const at = (path: (string | number)[]) => {
    const offset = locateJsonPath(text, path);
    return [text.slice(offset, offset + 6), lineColumnAt(text, offset)];
  };
  assert.deepEqual(at(['x', 1, 'k', 2, 'deep']), ['true}]', { line: 3, column: 44 }]);
  assert.deepEqual(at(['yA']), ['3\n}', { line: 4, column: 14 }]);
  // A path that leaves the document ends where the deepest part of it that exists starts.
  assert.deepEqual(at(['x', 5]), ['[ {"k"', { line: 3, column: 8 }]);
  assert.deepEqual(at([]), ['{\n  "s', { line: 1, column: 1 }]);
});
