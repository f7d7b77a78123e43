// The local disk behind FileAccess reads regular files only: a FIFO, a device or a link to one
// is refused at once with ENOTREG (a FIFO would block the reader forever, /dev/zero never ends).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FileAccessError } from '../../../src/core/io/fileAccess';
import { nodeFileAccess } from '../../../src/core/io/nodeFileAccess';
import { openModel } from '../../../src/core/openModel';
import { ModelFormatError } from '../../../src/core/errors';
import { tempDir } from '../../support/tempDir';


const refused = (code: string) => (e: unknown) => e instanceof FileAccessError && e.code === code;

test('a FIFO is refused, not waited on', async (t) => {
  const dir = tempDir(t, 'npu-fs-');
  const fifo = path.join(dir, 'model.pdmodel');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
  await assert.rejects(nodeFileAccess.open(fifo), refused('ENOTREG'));
  await assert.rejects(nodeFileAccess.readText(fifo), refused('ENOTREG'));
  assert.equal((await nodeFileAccess.stat(fifo)).kind, 'other');
  // Through the reader: one line naming the file.
  await assert.rejects(openModel(fifo), (e: unknown) => e instanceof ModelFormatError && e.message === `${fifo}: not a regular file (a FIFO, device or socket): only regular files are read`);
});

test('a link to /dev/zero (size 0, endless) is refused', async (t) => {
  const dir = tempDir(t, 'npu-fs-');
  const link = path.join(dir, 'model.pdmodel');
  symlinkSync('/dev/zero', link);
  await assert.rejects(nodeFileAccess.open(link), refused('ENOTREG'));
  await assert.rejects(openModel(link), ModelFormatError);
});

test('reads ranges, whole files under a cap, and lists folders', async (t) => {
  const dir = tempDir(t, 'npu-fs-');
  const file = path.join(dir, 'a.txt');
  writeFileSync(file, 'hello, model');
  const open = await nodeFileAccess.open(file);
  try {
    assert.equal(open.size, 12);
    assert.equal(Buffer.from(await open.read(7, 100)).toString(), 'model');
    assert.equal((await open.read(20, 4)).length, 0);
  } finally {
    await open.close();
  }
  assert.equal(await nodeFileAccess.readText(file), 'hello, model');
  await assert.rejects(nodeFileAccess.readBytes(file, 5), refused('EFBIG'));
  assert.deepEqual(await nodeFileAccess.list(dir), ['a.txt']);
  await assert.rejects(nodeFileAccess.open(dir), refused('EISDIR'));
  await assert.rejects(nodeFileAccess.stat(path.join(dir, 'none')), refused('ENOENT'));
});
