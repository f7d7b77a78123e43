// Where tests find things. Compiled tests live in out/test/…, so the repository root is found by
// walking up to package.json rather than by a fixed number of '..'.
import { existsSync } from 'node:fs';
import * as path from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const repoRoot = findRoot(__dirname);
/** The third-party model files every developer and CI have beside the clone; never copied into the project. */
export const sharedModels = process.env.NPU_DEPLOY_SHARED_MODELS ?? path.resolve(repoRoot, '..', 'shared', 'models');
export const sharedTools = path.resolve(sharedModels, '..', 'tools');

export function sharedModel(...parts: string[]): string {
  return path.join(sharedModels, ...parts);
}
