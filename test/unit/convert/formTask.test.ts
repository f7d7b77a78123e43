// "Save as task": the form as an npu-deploy task, spliced into a tasks.json so that the user's
// comments, other tasks and indentation stay byte for byte; the result reads back as the tasks
// the provider runs (asConversionTask) and passes the task checks clean.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readJsonc, property } from '../../../src/core/args/jsoncTree';
import { checkTasks } from '../../../src/core/args/taskChecks';
import { openConversionModel } from '../../../src/core/convert/conversionJob';
import { prefillConversionForm } from '../../../src/core/convert/conversionForm';
import { formTask, TasksFileUnreadable, withTaskAdded } from '../../../src/core/convert/formTask';
import { ModelService } from '../../../src/core/modelService';
import { asConversionTask } from '../../../src/extension/conversionTaskLine';
import { writeNmsDetector } from '../../support/deployModels';
import { tempDir } from '../../support/tempDir';

const task = { label: 'x', type: 'npu-deploy', model: 'm.pdmodel', host: 'bm', tool: 'bmpaddle', args: ['--opt=1'] };

/** The tasks' JSON values, read independently of the splice (comments stripped by JSON's own reader after removing them). */
function tasksOf(text: string): unknown[] {
  const stripped = text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').replace(/,(\s*[\]}])/g, '$1');
  return (JSON.parse(stripped) as { tasks: unknown[] }).tasks;
}

describe('Save as task', () => {
  it('appends to the tasks array, keeping comments, the other tasks and the tab indentation', () => {
    const before = '{\n\t// build first\n\t"version": "2.0.0",\n\t"tasks": [\n\t\t{ "label": "build", "type": "shell", "command": "make" } // keep me\n\t]\n}\n';
    const after = withTaskAdded(before, task, 'tasks.json');
    assert.ok(after.startsWith('{\n\t// build first\n\t"version": "2.0.0",\n\t"tasks": [\n\t\t{ "label": "build", "type": "shell", "command": "make" },\n\t\t{\n\t\t\t"label": "x",'), after);
    assert.ok(after.endsWith(' // keep me\n\t]\n}\n'), after);
    assert.deepEqual(tasksOf(after), [{ label: 'build', type: 'shell', command: 'make' }, task]);
  });

  it('fills an empty array, adds "tasks" to an object without one, and writes a new file', () => {
    assert.deepEqual(tasksOf(withTaskAdded('{\n  "version": "2.0.0",\n  "tasks": []\n}', task, 'f')), [task]);
    const added = withTaskAdded('{\r\n    "version": "2.0.0" /* old */\r\n}\r\n', task, 'f');
    assert.ok(added.includes('/* old */') && !/[^\r]\n/.test(added), 'CRLF kept');
    assert.deepEqual(tasksOf(added), [task]);
    assert.deepEqual(tasksOf(withTaskAdded('{}', task, 'f')), [task]);
    assert.deepEqual(JSON.parse(withTaskAdded(undefined, task, 'f')), { version: '2.0.0', tasks: [task] });
  });

  it('refuses a file it cannot read, naming it, instead of overwriting it', () => {
    assert.throws(() => withTaskAdded('{ "tasks": [ { "label": ', task, '/w/.vscode/tasks.json'), (e: Error) => e instanceof TasksFileUnreadable && e.message.includes('/w/.vscode/tasks.json'));
    assert.throws(() => withTaskAdded('{ "tasks": {} }', task, 'tasks.json'), TasksFileUnreadable);
  });

  it('writes the form as a task the provider runs and the checks pass, its paths from ${workspaceFolder}', async (t) => {
    const root = tempDir(t);
    const dir = path.join(root, 'models', 'det');
    await writeNmsDetector(dir);
    const model = path.join(dir, 'detector.pdmodel');
    const form = prefillConversionForm({ model, kind: 'sophon', hosts: [{ name: 'bm', kind: 'sophon', target: 'BM1684', workdir: '/tmp/w' }], opened: await openConversionModel(model) });
    const definition = formTask({ ...form, model: dir }, root);
    assert.equal(definition.model, '${workspaceFolder}/models/det');
    assert.equal(definition.out, '${workspaceFolder}/models/det');
    const text = withTaskAdded(undefined, definition, 'tasks.json');
    const read = asConversionTask(tasksOf(text)[0] as Record<string, unknown>);
    assert.deepEqual(read, { type: 'npu-deploy', model: definition.model, host: 'bm', tool: 'bmpaddle', out: definition.out, args: definition.args });
    assert.equal(property(readJsonc(text), 'version')?.kind, 'string');
    const problems = await checkTasks(path.join(root, '.vscode', 'tasks.json'), text, { models: new ModelService() });
    assert.deepEqual(problems.map((p) => p.code), []);
  });

  it('keeps per-layer error statistics as the task\'s env, which the provider reads back and the checks accept', async (t) => {
    const root = tempDir(t);
    const dir = path.join(root, 'det');
    await writeNmsDetector(dir);
    const model = path.join(dir, 'detector.pdmodel');
    const form = prefillConversionForm({ model, kind: 'sophon', hosts: [{ name: 'bm', kind: 'sophon', target: 'BM1684', workdir: '/tmp/w' }], opened: await openConversionModel(model) });
    assert.equal(formTask(form, root).env, undefined);
    const definition = formTask({ ...form, model: dir, statErr: '1' }, root);
    assert.deepEqual(definition.env, { BMCOMPILER_STAT_ERR: '1' });
    const text = withTaskAdded(undefined, definition, 'tasks.json');
    assert.deepEqual(asConversionTask(tasksOf(text)[0] as Record<string, unknown>)?.env, { BMCOMPILER_STAT_ERR: '1' });
    const problems = await checkTasks(path.join(root, '.vscode', 'tasks.json'), text, { models: new ModelService() });
    assert.deepEqual(problems.map((p) => `${p.code}: ${p.message}`), []);
    // Anything but the compiler's variables is not a task the provider runs: it would be dropped silently.
    assert.equal(asConversionTask({ ...definition, env: { LD_PRELOAD: '/x.so' } }), undefined);
    assert.equal(asConversionTask({ ...definition, env: { BMCOMPILER_STAT_ERR: 1 } }), undefined);
  });
});
