// Files as one tar stream (POSIX ustar, GNU long names past 100 bytes), so that a model with a
// hundred parameter files goes to a host in one transfer, unpacked there by `tar -x`, which
// every Linux host and container has. Only regular files, all in one folder.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';

const BLOCK = 512;

function header(name: Buffer, size: number, type: '0' | 'L', mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  name.copy(h, 0, 0, Math.min(name.length, 100));
  const octal = (value: number, at: number, width: number) => h.write(`${value.toString(8).padStart(width - 1, '0')}\0`, at, width, 'ascii');
  octal(0o644, 100, 8);
  octal(0, 108, 8);
  octal(0, 116, 8);
  octal(size, 124, 12);
  octal(mtime, 136, 12);
  h.write('        ', 148, 8, 'ascii');
  h.write(type, 156, 1, 'ascii');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return h;
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

async function* entries(files: readonly string[]): AsyncGenerator<Buffer> {
  for (const file of files) {
    const info = await stat(file);
    const name = Buffer.from(path.basename(file), 'utf8');
    const mtime = Math.floor(info.mtimeMs / 1000);
    if (name.length > 100) {
      const long = Buffer.concat([name, Buffer.from([0])]);
      yield header(Buffer.from('././@LongLink'), long.length, 'L', mtime);
      yield Buffer.concat([long, padding(long.length)]);
    }
    yield header(name, info.size, '0', mtime);
    let written = 0;
    for await (const chunk of createReadStream(file)) {
      written += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
    // A file that changed size while read would shift every later entry.
    if (written !== info.size) throw new Error(`${file} changed while it was being sent`);
    yield padding(info.size);
  }
  yield Buffer.alloc(2 * BLOCK);
}

/** A tar archive of `files` (stored under their base names), read as it is sent. */
export function tarStream(files: readonly string[]): NodeJS.ReadableStream {
  return Readable.from(entries(files));
}
