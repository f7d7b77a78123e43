// The first bytes of a file, for recognising its format by content.
import { withOpenFile, type FileAccess } from './fileAccess';

export const SNIFF_BYTES = 4096;

export function readHead(fs: FileAccess, file: string, length = SNIFF_BYTES): Promise<Uint8Array> {
  return withOpenFile(fs, file, (f) => f.read(0, length));
}
