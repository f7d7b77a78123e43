// What package.json promises for Paddle 3 PIR programs: the viewer is an option (not the default)
// for inference.json / model.json / __model__.json, it activates the extension, and the
// Explorer's Open Graph and Show Model Summary appear on those names and not on other JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

test('the PIR viewer is a custom editor of priority "option" for the names PIR programs go by', () => {
  const editor = manifest.contributes.customEditors.find((e: { viewType: string }) => e.viewType === 'npuDeploy.pirModelViewer');
  assert.ok(editor, 'npuDeploy.pirModelViewer is contributed');
  assert.equal(editor.priority, 'option');
  assert.deepEqual(editor.selector.map((s: { filenamePattern: string }) => s.filenamePattern), ['**/inference.json', '**/model.json', '**/__model__.json']);
  assert.ok(manifest.activationEvents.includes('onCustomEditor:npuDeploy.pirModelViewer'));
  // The default viewer does not claim any JSON.
  const main = manifest.contributes.customEditors.find((e: { viewType: string }) => e.viewType === 'npuDeploy.modelViewer');
  assert.ok(main.selector.every((s: { filenamePattern: string }) => !s.filenamePattern.endsWith('.json')));
  const source = readFileSync(path.join(repoRoot, 'src', 'extension', 'modelViewerProvider.ts'), 'utf8');
  assert.match(source, /pirModelViewerViewType = 'npuDeploy\.pirModelViewer'/);
});

test('Open Graph and Show Model Summary are in the Explorer menu of PIR program names, not of other JSON', () => {
  for (const command of ['npuDeploy.openGraph', 'npuDeploy.showSummary']) {
    const item = manifest.contributes.menus['explorer/context'].find((m: { command: string }) => m.command === command);
    const regex = /resourceFilename =~ \/(.*)\/(\w*)$/.exec(item.when)!;
    const matches = new RegExp(regex[1].replace(/\\\\/g, '\\'), regex[2]);
    for (const name of ['inference.json', 'model.json', '__model__.json', 'Model.JSON', 'x.pdmodel']) assert.ok(matches.test(name), `${command} on ${name}`);
    for (const name of ['package.json', 'inference.yml', 'tsconfig.json', 'my_model.json']) assert.ok(!matches.test(name), `${command} not on ${name}`);
  }
});
