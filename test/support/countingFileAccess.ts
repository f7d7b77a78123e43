// The local disk behind FileAccess, counting the bytes read: tests show that an index reads
// headers, not data, through the one seam every reader goes through.
import type { FileAccess } from '../../src/core/io/fileAccess';
import { nodeFileAccess } from '../../src/core/io/nodeFileAccess';

export function countingFileAccess(): { fs: FileAccess; bytesRead: () => number } {
  let read = 0;
  const fs: FileAccess = {
    stat: (p) => nodeFileAccess.stat(p),
    list: (p) => nodeFileAccess.list(p),
    readText: (p, max) => nodeFileAccess.readText(p, max),
    readBytes: (p, max) => nodeFileAccess.readBytes(p, max),
    open: async (p) => {
      const file = await nodeFileAccess.open(p);
      return {
        path: file.path,
        size: file.size,
        close: () => file.close(),
        read: async (position, length) => {
          const bytes = await file.read(position, length);
          read += bytes.length;
          return bytes;
        },
      };
    },
  };
  return { fs, bytesRead: () => read };
}
