// Offline models the tests write themselves: a bmodel's header and flatbuffer, byte by byte as
// bmodel.fbs lays them out (header, root offset, Model table with its `net` vector, Net table with
// its `name`), enough for the model name to be read back; nothing a runtime could load.

/** A bmodel whose flatbuffer holds one net called `name` (the Model's other fields absent). */
export function bmodelBytes(name: string, magic = 0xff55aaee): Uint8Array {
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
