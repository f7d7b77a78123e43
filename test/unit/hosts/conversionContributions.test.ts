// What VS Code gets for conversion: the workspace-side extension kind, Convert in the Explorer
// only in a trusted workspace, the hosts setting ignored in Restricted Mode, the task type, and
// the command line a task runs (the CLI's convert, one word per argument).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { COMPILER_VARIABLES } from '../../../src/core/convert/compilerEnv';
import { asConversionTask, conversionArguments } from '../../../src/extension/conversionTaskLine';
import { repoRoot } from '../../support/paths';

const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

test('conversion contributions: workspace extension, trusted-only menus and commands, restricted hosts setting, task type', () => {
  assert.deepEqual(pkg.extensionKind, ['workspace']);
  assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('npuDeploy.hosts'));
  for (const id of ['npuDeploy.convertForSophon', 'npuDeploy.convertForAscend']) {
    const command = pkg.contributes.commands.find((c: { command: string }) => c.command === id);
    assert.equal(command.enablement, 'isWorkspaceTrusted');
    const menu = pkg.contributes.menus['explorer/context'].find((m: { command: string }) => m.command === id);
    assert.match(menu.when, /^isWorkspaceTrusted && /);
    for (const name of ['model.pdmodel', '__model__', 'deploy.prototxt', 'w.caffemodel', 'm.onnx', 'm.pt', 'm.pb', 'yolo.cfg']) {
      assert.match(name, new RegExp(/resourceFilename =~ \/(.*)\/i/.exec(menu.when)![1], 'i'), `${name} gets no Convert menu`);
    }
  }
  const task = pkg.contributes.taskDefinitions.find((d: { type: string }) => d.type === 'npu-deploy');
  assert.deepEqual(task.required, ['model', 'host']);
  assert.deepEqual(Object.keys(task.properties).sort(), ['args', 'env', 'host', 'model', 'out', 'tool']);
  // The task's env takes the compiler's variables only, as the provider does (asConversionTask).
  assert.deepEqual(Object.keys(task.properties.env.properties).sort(), [...COMPILER_VARIABLES].sort());
  assert.equal(task.properties.env.additionalProperties, false);
  const nls = JSON.parse(readFileSync(path.join(repoRoot, 'package.nls.zh-cn.json'), 'utf8'));
  for (const key of ['command.convertForSophon.title', 'command.convertForAscend.title', 'configuration.hosts.description', 'task.args.description', 'task.env.description']) assert.ok(nls[key], key);
});

test('a tasks.json entry becomes the CLI\'s convert, each value one argument; an incomplete one is refused', () => {
  const task = asConversionTask({ type: 'npu-deploy', model: '/w/my model $(x)/m.pdmodel', host: 'bm', tool: 'bmpaddle', args: ['--opt=2', '--cmp=false'] });
  assert.ok(task);
  assert.deepEqual(conversionArguments('/ext/dist/cli.js', task, '/store/hosts.json'), [
    '/ext/dist/cli.js', 'convert', '/w/my model $(x)/m.pdmodel', '--host', 'bm', '--hosts', '/store/hosts.json', '--tool', 'bmpaddle', '--', '--opt=2', '--cmp=false',
  ]);
  assert.equal(asConversionTask({ type: 'npu-deploy', model: 'm.pdmodel' }), undefined);
  assert.equal(asConversionTask({ type: 'npu-deploy', model: 'm', host: 'bm', args: '--opt=2' }), undefined);
});
