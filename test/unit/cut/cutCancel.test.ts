// A cancelled export leaves nothing behind: cancelled before it starts, or while the weights are
// being copied (the signal fired from inside the copy's own reads), the promise rejects with the
// abort and the output folder holds neither a result nor a temporary folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { cutModel } from '../../../src/core/cut/cutModel';
import type { FileAccess } from '../../../src/core/io/fileAccess';
import { openModel } from '../../../src/core/openModel';
import { writeCaffeSample } from '../../../src/core/samples/caffeSample';
import { writePaddleSample } from '../../../src/core/samples/paddleSample';
import { tempDir } from '../../support/tempDir';
import { watchedFileAccess } from '../../support/countingFileAccess';

/** The local disk, calling `onRead` on every positioned read of a file whose name ends with `suffix`. */
function suffixWatchedFileAccess(suffix: string, onRead: () => void): FileAccess {
  return watchedFileAccess((p) => {
    if (p.endsWith(suffix)) onRead();
  });
}

for (const [label, write, suffix, starts, ends] of [
  ['Caffe', async (dir: string) => (await writeCaffeSample(dir)).prototxt, '.caffemodel', ['conv1'], ['ip2']],
  ['Paddle', async (dir: string) => (await writePaddleSample(dir)).model, '.pdiparams', ['conv2d_0.tmp_0'], ['fc_0.tmp_1']],
] as const) {
  test(`${label}: an export cancelled while its weights are copied leaves nothing`, async (t) => {
    const dir = tempDir(t, 'npu-cut-cancel-');
    const file = await write(dir);
    const cancel = new AbortController();
    let armed = false;
    const model = await openModel(file, { fs: suffixWatchedFileAccess(suffix, () => armed && cancel.abort()) });
    armed = true;
    const out = path.join(dir, 'out');
    await assert.rejects(cutModel(model, [...starts], [...ends], out, { signal: cancel.signal }), { name: 'AbortError' });
    assert.ok(cancel.signal.aborted, 'the copy read the weights');
    assert.deepEqual(readdirSync(out), []);

    const early = new AbortController();
    early.abort();
    await assert.rejects(cutModel(model, [...starts], [...ends], path.join(dir, 'early'), { signal: early.signal }), { name: 'AbortError' });
    assert.throws(() => readdirSync(path.join(dir, 'early')), /ENOENT/);
  });
}
