// What VS Code gets for "Compare with Original…": a command titled in English and Chinese, enabled
// only in a trusted workspace, in the Explorer's menu for .om and .bmodel files only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../support/paths';

const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const nls = (locale: string) => JSON.parse(readFileSync(path.join(repoRoot, `package.nls${locale}.json`), 'utf8')) as Record<string, string>;

test('compare contributions: trusted-only command and Explorer menu on .om and .bmodel files, titled in both languages', () => {
  const command = pkg.contributes.commands.find((c: { command: string }) => c.command === 'npuDeploy.compareWithOriginal');
  assert.equal(command.enablement, 'isWorkspaceTrusted');
  assert.equal(nls('')['command.compareWithOriginal.title'], 'Compare with Original…');
  assert.match(nls('.zh-cn')['command.compareWithOriginal.title'], /[\u4e00-\u9fff]/);
  const menu = pkg.contributes.menus['explorer/context'].find((m: { command: string }) => m.command === 'npuDeploy.compareWithOriginal');
  assert.match(menu.when, /^isWorkspaceTrusted && resourceScheme == file && !explorerResourceIsFolder && /);
  const extname = new RegExp(/resourceExtname =~ \/(.*)\/i/.exec(menu.when)![1], 'i');
  for (const ext of ['.om', '.bmodel', '.OM']) assert.match(ext, extname);
  for (const ext of ['.prototxt', '.onnx', '.bmodel.bak', '.omx']) assert.doesNotMatch(ext, extname);
  assert.ok(pkg.activationEvents.includes('onCommand:npuDeploy.compareWithOriginal'));
});
