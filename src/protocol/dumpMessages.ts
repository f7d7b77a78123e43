// The Dump dialog's messages (webview/dump ↔ src/extension/dumpPanel.ts). The page asks the host
// through paired requests (rpc.ts): browse for a file or folder, look at a model (its weights
// beside it, its folder), run the dump, show a graph. The host speaks first with DumpInit: the
// page's strings and the fields prefilled from the command's arguments.

/** The dialog's fields as the page posts them with Dump. Optional fields are '' when empty. */
export interface DumpForm {
  model: string;
  weights: string;
  starts: string[];
  ends: string[];
  dumpData: string;
  offlineModel: string;
  outDir: string;
  /**
   * The user typed or browsed the output path. The default (the model's folder) is not written
   * into when it lies outside the workspace until the user picks it.
   */
  outDirChosen: boolean;
}

export type DumpField = 'model' | 'weights' | 'starts' | 'ends' | 'dumpData' | 'offlineModel' | 'outDir';

/** The fields that have a Browse button, and what each one picks. */
export type BrowseField = 'model' | 'weights' | 'dumpData' | 'offlineModel' | 'outDir';

export type DumpOutcome =
  | { ok: true; folder: string; files: string[] }
  /** Refused or failed: one line for the field it concerns (none when it concerns no field). */
  | { ok: false; field?: DumpField; message: string }
  /** The user cancelled (the progress notification, or the offline model question). */
  | { ok: false; cancelled: true };

/** What the host knows of a model file: the weights found beside it and its folder. */
export type ModelLook = { ok: true; weights: string; folder: string } | { ok: false; message: string };

export type DumpHostMethods = {
  browse: { params: { field: BrowseField; current: string }; result: string | null };
  lookAtModel: { params: { model: string }; result: ModelLook };
  dump: { params: DumpForm; result: DumpOutcome };
  /** The last dump's result in the viewer, or the model itself before any dump. */
  showGraph: { params: { model: string }; result: void };
};

/** The page's text, localised by the host. */
export interface DumpStrings {
  title: string;
  model: string;
  weights: string;
  starts: string;
  ends: string;
  idsHint: string;
  dumpData: string;
  offlineModel: string;
  outDir: string;
  optional: string;
  browse: string;
  showGraph: string;
  dump: string;
  dumping: string;
  needModel: string;
  needStarts: string;
  needEnds: string;
  needOutDir: string;
  done: string;
  cancelled: string;
}

export const DUMP_INIT = 'dumpInit';

export interface DumpInit {
  type: typeof DUMP_INIT;
  strings: DumpStrings;
  form: Partial<DumpForm>;
}

export function isDumpInit(message: unknown): message is DumpInit {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === DUMP_INIT;
}

/** What the page posts once it listens, so the host sends DumpInit only when it will be heard. */
export const DUMP_READY = 'dumpReady';

/** `a, b` → ['a', 'b']: ids typed in one field, separated by commas (as `npu-deploy cut` takes them) or lines. */
export function splitIds(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((id) => id.trim())
    .filter((id) => id !== '');
}
