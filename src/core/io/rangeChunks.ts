// A byte range of a file read piece by piece, the file open once: what lets a tensor of any size
// be walked (weight statistics) with only one piece in memory at a time.

import { ModelFormatError, atByte } from '../errors';
import { t } from '../l10n';
import type { FileAccess } from './fileAccess';

export async function* rangeChunks(fs: FileAccess, file: string, offset: number, byteLength: number, chunkBytes: number): AsyncGenerator<Uint8Array> {
  const open = await fs.open(file);
  try {
    for (let done = 0; done < byteLength; ) {
      const want = Math.min(chunkBytes, byteLength - done);
      const bytes = await open.read(offset + done, want);
      if (bytes.length !== want) throw new ModelFormatError(file, atByte(offset + done + bytes.length), t('the file changed since it was indexed: a tensor is cut short'));
      done += want;
      yield bytes;
    }
  } finally {
    await open.close();
  }
}
