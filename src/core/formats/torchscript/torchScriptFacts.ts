// What an archive saved by PyTorch says about how it was made, as far as bmnetp cares: whether
// it is TorchScript at all (a `code/` folder of serialized Python beside data.pkl), whether that
// code holds control flow (`torch.jit.script` keeps `if`/`for`/`while`; `torch.jit.trace` records
// one straight run), and whether its tensors were saved on a GPU (each storage's pickled
// persistent id carries its location, `cuda:0` instead of `cpu`).

import type { FileAccess } from '../../io/fileAccess';
import { ZipArchive, type ZipEntry } from './zipEntries';

export interface TorchScriptFacts {
  /** The archive has data.pkl but no code/ entries: torch.save of a module or state_dict. */
  notTorchScript: boolean;
  /** The first control-flow statement found in the serialized code: its entry and the line. */
  controlFlow?: { entry: string; line: string };
  /** A storage location other than cpu (`cuda:0`), from data.pkl or constants.pkl. */
  deviceLocation?: string;
}

/** A statement that only scripting keeps: traced code is one straight run of calls. */
const CONTROL_FLOW = /^[ \t]*(?:if|elif|for|while)\b[^\n]*:[ \t]*$/m;
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');
const DEVICE = /^cuda(?::\d{1,2})?/;

const isCode = (e: ZipEntry) => /(^|\/)code\/.+\.py$/.test(e.name);
const isPickle = (e: ZipEntry) => /(^|\/)(data|constants)\.pkl$/.test(e.name);

/** The facts of a `.pt` file, or undefined when it is no zip (a legacy torch.save pickle, or not PyTorch's at all). */
export async function torchScriptFacts(fs: FileAccess, file: string): Promise<TorchScriptFacts | undefined> {
  const zip = await ZipArchive.open(fs, file);
  if (!zip) return undefined;
  try {
    const facts: TorchScriptFacts = { notTorchScript: !zip.entries.some(isCode) && zip.entries.some((e) => /(^|\/)data\.pkl$/.test(e.name)) };
    for (const entry of zip.entries.filter(isCode)) {
      const bytes = await zip.read(entry);
      const found = bytes && CONTROL_FLOW.exec(utf8.decode(bytes));
      if (found) {
        facts.controlFlow = { entry: entry.name, line: found[0].trim() };
        break;
      }
    }
    for (const entry of zip.entries.filter(isPickle)) {
      const bytes = await zip.read(entry);
      const location = bytes && cudaLocation(latin1.decode(bytes));
      if (location) {
        facts.deviceLocation = location;
        break;
      }
    }
    return facts;
  } finally {
    await zip.close();
  }
}

/**
 * A pickled string that is a whole CUDA device name: SHORT_BINUNICODE (0x8c, a 1-byte length)
 * or BINUNICODE (`X`, a 4-byte little-endian length) right before it, the length its own.
 */
function cudaLocation(pickle: string): string | undefined {
  for (let at = pickle.indexOf('cuda'); at >= 0; at = pickle.indexOf('cuda', at + 1)) {
    const name = DEVICE.exec(pickle.slice(at, at + 7))?.[0];
    if (!name) continue;
    const short = at >= 2 && pickle.charCodeAt(at - 2) === 0x8c && pickle.charCodeAt(at - 1) === name.length;
    const long = at >= 5 && pickle[at - 5] === 'X' && pickle.charCodeAt(at - 4) === name.length && pickle.slice(at - 3, at) === '\0\0\0';
    if (short || long) return name;
  }
  return undefined;
}
