// Where tests find things. Compiled tests live in out/test/…, so the repository root is found by
// walking up to package.json rather than by a fixed number of '..'.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { registerWhen } from './registerWhen';

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
/**
 * ../shared/models beside the clone (or NPU_DEPLOY_SHARED_MODELS): the full model corpus, when it
 * is there. Tests reach models through ./corpus only.
 */
export const sharedModelsRoot = process.env.NPU_DEPLOY_SHARED_MODELS ?? path.resolve(repoRoot, '..', 'shared', 'models');
/** ../shared/tools: the synthetic Caffe net generator (gen-caffe-net.mjs). */
export const sharedTools = path.resolve(sharedModelsRoot, '..', 'tools');

/** `test` or `it` for a test that runs ../shared/tools; without that folder it is not registered. */
export function ifSharedTools<F extends (...args: never[]) => unknown>(register: F): F {
  return registerWhen(existsSync(sharedTools), register);
}
