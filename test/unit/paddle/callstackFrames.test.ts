import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parsePythonFrame } from '../../../src/core/formats/paddle/callstackFrames';
import { pathsInsideFolders } from '../../../src/core/insideFolders';

describe('op_callstack frames', () => {
  it('reads file, line and function from a traceback frame with its code line', () => {
    assert.deepEqual(parsePythonFrame('  File "/home/u/proj/model.py", line 42, in forward\n    x = self.conv(x)'), { file: '/home/u/proj/model.py', line: 42, func: 'forward' });
    assert.deepEqual(parsePythonFrame('File "det/head.py", line 7'), { file: 'det/head.py', line: 7 });
  });

  it('takes no frame from lines that are not one', () => {
    assert.equal(parsePythonFrame('    x = self.conv(x)'), undefined);
    assert.equal(parsePythonFrame('  File "a.py", line 0, in f'), undefined);
  });
});

describe('paths inside the workspace folders', () => {
  const p = path.posix;
  const folders = ['/ws/a', '/ws/b'];
  it('keeps an absolute path under a folder and joins a relative one to each folder', () => {
    assert.deepEqual(pathsInsideFolders('/ws/b/src/model.py', folders, p), ['/ws/b/src/model.py']);
    assert.deepEqual(pathsInsideFolders('src/model.py', folders, p), ['/ws/a/src/model.py', '/ws/b/src/model.py']);
    assert.deepEqual(pathsInsideFolders('..weird/x.py', ['/ws/a'], p), ['/ws/a/..weird/x.py']);
  });

  it('refuses paths that lead outside every folder', () => {
    assert.deepEqual(pathsInsideFolders('/usr/lib/python3/site-packages/paddle/nn/layer.py', folders, p), []);
    assert.deepEqual(pathsInsideFolders('../secret.py', folders, p), []);
    assert.deepEqual(pathsInsideFolders('/ws/a/../c/x.py', folders, p), []);
    assert.deepEqual(pathsInsideFolders('/ws/a', folders, p), []);
    assert.deepEqual(pathsInsideFolders('x.py', [], p), []);
  });
});
