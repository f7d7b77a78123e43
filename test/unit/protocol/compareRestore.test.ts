// What the comparison results panel comes back from after a window reload: the page's saved state
// (ComparePageState; test/webview/compareResults.test.ts checks the page writes it) names the
// results file and the model overlaid, and compareRestoreTarget is what the panel's serializer
// takes from it; a state without a
// results file (a page that never got its result, an older version's, another shape) restores
// nothing, so the serializer closes the panel instead of showing an empty one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRestoreTarget, type ComparePageState } from '../../../src/protocol/compareMessages';

/** A state as the page saves it. */
const pageState = (files: Pick<ComparePageState, 'resource' | 'model'>): ComparePageState => ({ tab: 'graph', metric: 'kl', thresholds: { kl: 0.01 }, filter: '', failingOnly: false, sort: null, selected: 3, zoom: null, ...files });

test('the results file and the chosen model the page saved are what a reload reopens', () => {
  const saved = pageState({ resource: 'file:///w/cmp/result.json', model: 'file:///w/models/lenet.prototxt' });
  assert.deepEqual(compareRestoreTarget(saved), { resource: 'file:///w/cmp/result.json', model: 'file:///w/models/lenet.prototxt' });
  // Without a model overlaid the host looks beside the results file again.
  assert.deepEqual(compareRestoreTarget(pageState({ resource: 'file:///w/cmp/result.json', model: null })), { resource: 'file:///w/cmp/result.json' });
  // A state round-tripped through JSON (as VS Code keeps it) restores the same.
  assert.deepEqual(compareRestoreTarget(JSON.parse(JSON.stringify(saved))), compareRestoreTarget(saved));
});

test('a state that names no results file restores nothing', () => {
  // A page reloaded before its result arrived, and a state from before the page kept its file.
  assert.equal(compareRestoreTarget(pageState({ resource: null, model: null })), undefined);
  assert.equal(compareRestoreTarget({ tab: 'table', metric: 'cosine', thresholds: {}, selected: null }), undefined);
  for (const bad of [null, undefined, 'file:///w/result.json', 42, [], { resource: 7 }, { resource: '' }]) assert.equal(compareRestoreTarget(bad), undefined, JSON.stringify(bad));
  // A model of the wrong type is left out, the results file still restores.
  assert.deepEqual(compareRestoreTarget({ resource: 'file:///w/r.json', model: { path: '/w/m' } }), { resource: 'file:///w/r.json' });
});
