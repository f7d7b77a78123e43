// The local disk behind FileAccess, watched at its positioned reads: tests show that an index
// reads headers, not data, and cancel an export from inside its own reads, through the one seam
// every reader goes through.
import type { FileAccess } from '../../src/core/io/fileAccess';
import { nodeFileAccess } from '../../src/core/io/nodeFileAccess';

/** `onRead` is called before every positioned read, with the file's path; `onBytes` after it. */
export function watchedFileAccess(onRead: (path: string) => void, onBytes: (count: number) => void = () => undefined): FileAccess {
  return {
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
          onRead(p);
          const bytes = await file.read(position, length);
          onBytes(bytes.length);
          return bytes;
        },
      };
    },
  };
}

export function countingFileAccess(): { fs: FileAccess; bytesRead: () => number } {
  let read = 0;
  const fs = watchedFileAccess(() => undefined, (count) => (read += count));
  return { fs, bytesRead: () => read };
}
