// One entry per model format, as Netron has one factory per format: how to recognise a file
// (by name and by its first bytes), which file of a folder it would open, and how to open it.
// openModel asks the entries in order; adding a format is adding an entry to formats/index.ts.

import type { OpenedModel } from '../model';
import type { ReadContext } from './readContext';

/** What a format would open in a folder the user pointed at. */
export interface FolderPick {
  file: string;
  /** A weights file found beside it whose name does not pair by itself. */
  weights?: string;
  /** The other models in the folder, for a warning that names them. */
  others: string[];
}

export interface ModelFormat {
  /** `paddle`, `paddle-pir`, `caffe` … */
  readonly id: string;
  /** Whether `file` (its name and first bytes) is this format's. Cheap: no further reads. */
  sniff(file: string, head: Uint8Array): boolean;
  /** Whether the format can read a text held in memory (an editor's unsaved prototxt). */
  readonly readsText?: boolean;
  /** The model file this format finds among a folder's entries, if any. */
  pickInFolder?(folder: string, names: readonly string[], context: ReadContext): Promise<FolderPick | undefined>;
  open(file: string, context: ReadContext): Promise<OpenedModel>;
}
