// The first bytes of a file, for recognising its format by content.
import { promises as fsp } from 'node:fs';

export const SNIFF_BYTES = 4096;

export async function readHead(file: string, length = SNIFF_BYTES): Promise<Uint8Array> {
  const handle = await fsp.open(file, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
