// The tool arguments of npu-deploy tasks in a .vscode/tasks.json the test writes (with comments
// and trailing commas, as VS Code allows): ranges on the JSON strings, the task's model checked
// as the model option, options convert fills never missing, options it owns refused; a string
// with escapes is not read (its characters are not where the escapes are written).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkTasks, isTasksFile } from '../../../src/core/args/taskChecks';
import type { ArgDiagnostic } from '../../../src/core/args/argDiagnostic';
import { ModelService } from '../../../src/core/modelService';
import { writePaddleSample } from '../../../src/core/samples/paddleSample';
import { assertDeepEqualShowingAll } from '../../support/showAll';
import { tempDir } from '../../support/tempDir';

/** 1-based line and columns of the `nth` `piece` in `text`. */
function where(text: string, piece: string, nth = 1): [number, number, number] {
  let at = -1;
  for (let k = 0; k < nth; k++) at = text.indexOf(piece, at + 1);
  assert.ok(at >= 0, piece);
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return [line, column, column + piece.length];
}
const placed = (ds: ArgDiagnostic[]) => ds.map((d) => [d.code, d.range.line, d.range.column, d.range.endColumn]);

const tasks = `{
  // npu-deploy tasks, with comments and a trailing comma
  "version": "2.0.0",
  "tasks": [
    {
      "label": "compile the classifier",
      "type": "npu-deploy",
      "model": "\${workspaceFolder}/cls",
      "host": "bm1684-box",
      "tool": "bmpaddle",
      "args": ["--model=cls", "--input_names=image", "–opt=1", "--output_names=\\u0073oftmax", "--shapes=[1,3,64,32]", "--opt=2",],
    },
    { "label": "shell", "type": "shell", "command": "bmpaddle --bogus" },
    { "type": "npu-deploy", "model": "m.onnx", "host": "b", "tool": "bmpadle", "args": ["--bogus"] },
    /* no tool: the host picks it, nothing is checked */
    { "type": "npu-deploy", "model": "cls", "host": "b", "args": ["--bogus"] },
  ],
}
`;

describe('npu-deploy tasks in .vscode/tasks.json', () => {
  it('knows a tasks.json by its place', () => {
    assert.deepEqual(['/w/.vscode/tasks.json', 'C:\\w\\.vscode\\tasks.json', '/w/tasks.json', '/w/.vscode/launch.json'].map(isTasksFile), [true, true, false, false]);
  });

  it('checks the args of each npu-deploy task against its tool and the task\'s model, placed on the JSON strings', async (t) => {
    const dir = tempDir(t);
    mkdirSync(path.join(dir, 'cls'));
    mkdirSync(path.join(dir, '.vscode'));
    await writePaddleSample(path.join(dir, 'cls'));
    const file = path.join(dir, '.vscode', 'tasks.json');
    const found = await checkTasks(file, tasks, { models: new ModelService() });
    assertDeepEqualShowingAll(placed(found), [
      ['task.option-set-by-npu-deploy', ...where(tasks, '--model')],
      ['bmpaddle.unknown-input-name', ...where(tasks, 'image')],
      ['bmpaddle.dash-option', ...where(tasks, '–')],
      ['bmpaddle.duplicate-option', ...where(tasks, '--opt')],
      ['task.unknown-tool', ...where(tasks, 'bmpadle')],
    ], 'diagnostics', found);
    assert.equal(found[1].message, 'the model has no input image; its inputs, in order: x');
    // The first of args goes with the comma after it: the array stays valid JSON.
    const removal = found[0].fixes?.[0].edits[0];
    assert.deepEqual([removal?.range.column, removal?.range.endColumn, removal?.newText], [where(tasks, '--model')[1] - 1, where(tasks, '--input_names')[1] - 1, '']);
    assert.equal(found[2].fixes?.[0].edits[0].newText, '--');
  });

  it('checks a bmpaddle task naming the program file against the folder convert gives bmpaddle', async (t) => {
    const dir = tempDir(t);
    mkdirSync(path.join(dir, 'cls'));
    mkdirSync(path.join(dir, '.vscode'));
    const { model } = await writePaddleSample(path.join(dir, 'cls'));
    const program = path.basename(model);
    for (const named of [`\${workspaceFolder}/cls/${program}`, model]) {
      // What "Save as task" writes for a .pdmodel: the file, which npu-deploy convert accepts.
      const text = JSON.stringify({ version: '2.0.0', tasks: [{ type: 'npu-deploy', model: named, host: 'b', tool: 'bmpaddle', args: ['--input_names=image'] }] }, null, 2);
      const found = await checkTasks(path.join(dir, '.vscode', 'tasks.json'), text, { models: new ModelService() });
      // No "takes the folder" error, and the model's own checks still run on the folder.
      assertDeepEqualShowingAll(placed(found), [['bmpaddle.unknown-input-name', ...where(text, 'image')]], `diagnostics for ${named}`, found);
    }
  });

  it('reads nothing from a tasks.json that is not JSON yet, or has no tasks', async () => {
    assert.deepEqual(await checkTasks('/w/.vscode/tasks.json', '{ "tasks": [ { "type": "npu-deploy", "tool": "bmpaddle", "args": ["--bogus"'), []);
    assert.deepEqual(await checkTasks('/w/.vscode/tasks.json', '{ "version": "2.0.0" }'), []);
  });
});
