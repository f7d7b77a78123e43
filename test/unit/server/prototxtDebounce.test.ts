// The wait after a prototxt change: at once after a pause or for a cheap document, a full pause
// while a costly document is being typed in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHEAP_CHECK_MS, DEBOUNCE_MS, prototxtDebounce, QUICK_MS, TYPING_GAP_MS } from '../../../src/server/prototxtDebounce';

test('a document not checked yet waits the full pause', () => {
  assert.equal(prototxtDebounce(undefined, Infinity), DEBOUNCE_MS);
});

test('a cheap document is checked at once, even while typed in', () => {
  assert.equal(prototxtDebounce(3, 20), QUICK_MS);
  assert.equal(prototxtDebounce(CHEAP_CHECK_MS, 0), QUICK_MS);
});

test('a costly document: at once after a pause, the full pause while typing', () => {
  assert.equal(prototxtDebounce(250, TYPING_GAP_MS + 250), QUICK_MS);
  assert.equal(prototxtDebounce(250, 5000), QUICK_MS);
  assert.equal(prototxtDebounce(CHEAP_CHECK_MS + 1, 40), DEBOUNCE_MS);
  // A keystroke handled only once a 250 ms check ended, 260 ms after the one before: still typing.
  assert.equal(prototxtDebounce(250, 260), DEBOUNCE_MS);
  assert.equal(prototxtDebounce(250, TYPING_GAP_MS + 249), DEBOUNCE_MS);
});
