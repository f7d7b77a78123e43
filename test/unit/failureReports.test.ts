// What a failing end-to-end assertion prints: both values whole (test/support/showAll.ts), and in
// the extension-host report the whole message with actual and expected (test/exthost/index.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeFailure } from '../exthost/index';
import { assertDeepEqualShowingAll } from '../support/showAll';

/** 60 diagnostics-like rows, so node's own diff would fold most of them away. */
const rows = (n: number) => Array.from({ length: 60 }, (_, i) => ['caffe.syntax', 1, i, i === 30 ? n : 0]);

describe('failure reports', () => {
  it('assertDeepEqualShowingAll passes equal values and prints both values whole when they differ', () => {
    assertDeepEqualShowingAll(rows(0), rows(0), 'rows');
    assert.throws(() => assertDeepEqualShowingAll(rows(1), rows(0), 'diagnostics', { note: 'context' }), (e: Error) => {
      const lines = e.message.split('\n');
      assert.equal(lines[0], 'diagnostics differ');
      assert.equal(lines[1], `  actual:   ${JSON.stringify(rows(1))}`);
      assert.equal(lines[2], `  expected: ${JSON.stringify(rows(0))}`);
      assert.equal(lines[3], '  seen:     {"note":"context"}');
      return true;
    });
  });

  it('describeFailure keeps the whole assertion message and adds actual and expected in full', () => {
    let error: unknown;
    try {
      assert.deepStrictEqual(rows(1), rows(0));
    } catch (e) {
      error = e;
    }
    const report = describeFailure(error);
    assert.ok(report.startsWith('AssertionError: Expected values to be strictly deep-equal'), report);
    assert.ok(report.includes(`actual:   ${JSON.stringify(rows(1))}`), report);
    assert.ok(report.includes(`expected: ${JSON.stringify(rows(0))}`), report);
    assert.match(report, /\n\s*at /);
    assert.equal(describeFailure('plain string'), 'plain string');
  });
});
