// What every format reader is handed: where to read files from, what the user asked for, and the
// caches that outlive one read. Built from the caller's OpenOptions by toReadContext.

import type { FileAccess } from '../io/fileAccess';
import { nodeFileAccess } from '../io/nodeFileAccess';
import type { OpenOptions } from '../model';
import { ReaderCaches } from './readerCaches';

export interface ReadContext extends OpenOptions {
  fs: FileAccess;
  caches: ReaderCaches;
}

/** The local disk and a fresh set of caches, unless the caller brings its own. */
export function toReadContext(options: OpenOptions = {}): ReadContext {
  if (options.fs && options.caches) return options as ReadContext;
  return { ...options, fs: options.fs ?? nodeFileAccess, caches: options.caches ?? new ReaderCaches() };
}
