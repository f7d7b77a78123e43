// The model name read from an offline model's first bytes: a bmodel built here byte by byte as
// bmodel.fbs lays it out (header, root offset, Model table with its `net` vector, Net table with
// its `name`), an om header, and files that are neither.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { nodeFileAccess } from '../../../src/core/io/nodeFileAccess';
import { offlineModelName, offlineModelNameOf } from '../../../src/core/offline/offlineModelName';

/** A bmodel whose flatbuffer holds one net called `name` (the Model's other fields absent). */
function bmodelBytes(name: string, magic = 0xff55aaee): Uint8Array {
  const text = new TextEncoder().encode(name);
  const bytes = new Uint8Array(124 + text.length + 1);
  const v = new DataView(bytes.buffer);
  v.setUint32(0, magic, true);
  v.setUint32(4, 64, true); // header_size
  v.setUint32(64, 84 - 64, true); // root: the Model table
  // Model's vtable at 68: 14 bytes, five slots (type, version, time, chip, net); only net present.
  v.setUint16(68, 14, true);
  v.setUint16(70, 8, true);
  v.setUint16(68 + 4 + 4 * 2, 4, true);
  v.setInt32(84, 84 - 68, true); // the table's offset back to its vtable
  v.setUint32(88, 92 - 88, true); // net → vector
  v.setUint32(92, 1, true); // one net
  v.setUint32(96, 108 - 96, true); // → Net table
  v.setUint16(100, 6, true); // Net's vtable: name only
  v.setUint16(102, 8, true);
  v.setUint16(104, 4, true);
  v.setInt32(108, 108 - 100, true);
  v.setUint32(112, 120 - 112, true); // name → string
  v.setUint32(120, text.length, true);
  bytes.set(text, 124);
  return bytes;
}

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
