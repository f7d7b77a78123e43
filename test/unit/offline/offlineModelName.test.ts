// The model name read from an offline model's first bytes: a bmodel built byte by byte as
// bmodel.fbs lays it out (test/support/offlineModels.ts), an om header, and files that are neither.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { nodeFileAccess } from '../../../src/core/io/nodeFileAccess';
import { offlineModelName, offlineModelNameOf } from '../../../src/core/offline/offlineModelName';
import { bmodelBytes } from '../../support/offlineModels';

function omBytes(name: string): Uint8Array {
  const bytes = new Uint8Array(256);
  new DataView(bytes.buffer).setUint32(0, 0x444f4d49, true);
  bytes.set(new TextEncoder().encode(name), 36);
  return bytes;
}

describe('offline model name', () => {
  it('reads the first net name of a bmodel', () => {
    assert.equal(offlineModelNameOf(bmodelBytes('LeNetSample')), 'LeNetSample');
    assert.equal(offlineModelNameOf(bmodelBytes('resnet_50', 0xff55aaff)), 'resnet_50');
  });

  it('reads the name field of an om header', () => {
    assert.equal(offlineModelNameOf(omBytes('ResNet-50')), 'ResNet-50');
  });

  it('gives undefined for what it cannot read: other files, truncated tables, binary names', () => {
    assert.equal(offlineModelNameOf(new TextEncoder().encode('name: "LeNet"\nlayer {}')), undefined);
    assert.equal(offlineModelNameOf(bmodelBytes('LeNet').subarray(0, 100)), undefined);
    const om = omBytes('');
    om.set([1, 2, 3], 36);
    assert.equal(offlineModelNameOf(om), undefined);
    assert.equal(offlineModelNameOf(omBytes('')), undefined);
  });

  it('reads the file through FileAccess, and a missing file is unreadable, not an error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'npu-offline-'));
    try {
      const file = path.join(dir, 'net.bmodel');
      writeFileSync(file, bmodelBytes('mtcnn_pnet'));
      assert.equal(await offlineModelName(nodeFileAccess, file), 'mtcnn_pnet');
      assert.equal(await offlineModelName(nodeFileAccess, path.join(dir, 'missing.om')), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
