// The workspace `npm start` opens: `samples/` (small models the CLI writes with the project's own
// writers) and, when it is next to the clone, the shared model collection, read-only. The
// end-to-end tests open the same workspace, so what a newcomer sees is what is tested.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const WORKSPACE_NAME = 'npu-deploy-samples.code-workspace';

/**
 * The workspace settings. The shared collection is third-party and read-only. Its
 * `*.reference.json` files are the test suite's expected figures for each model, not models, and
 * they outnumber the model folders at its top, so they are kept out of the Explorer, Quick Open
 * and search (files.exclude; search.exclude inherits it).
 */
export function sampleWorkspaceSettings(shared) {
  return {
    'files.readonlyInclude': { [`${shared}/**`]: true },
    'files.exclude': { '**/*.reference.json': true },
  };
}

/**
 * Writes `dir/models` (through `node cli samples`) and `dir/npu-deploy-samples.code-workspace`.
 * `cli` is the built dist/cli.js; `shared` the shared models folder, left out when missing.
 * Returns the workspace file, its folders, and what happened, for the caller to print.
 */
export function writeSampleWorkspace({ dir, cli, shared }) {
  const models = join(dir, 'models');
  mkdirSync(models, { recursive: true });
  const notes = [];
  const samples = spawnSync(process.execPath, [cli, 'samples', models], { encoding: 'utf8' });
  if (samples.status === 0) notes.push(`${readdirSync(models).length} entries in ${models}`);
  else notes.push(`skipped the samples: the CLI could not write them (${(samples.stderr || samples.stdout || `exit ${samples.status}`).trim()})`);
  const folders = [{ name: 'samples', path: 'models' }];
  if (existsSync(shared)) folders.push({ name: 'shared models (read-only)', path: relative(dir, shared) });
  else notes.push(`${shared} is not there; the workspace holds the generated samples only`);
  const workspaceFile = join(dir, WORKSPACE_NAME);
  writeFileSync(workspaceFile, `${JSON.stringify({ folders, settings: sampleWorkspaceSettings(shared) }, null, 2)}\n`);
  return { workspaceFile, folders, notes };
}
