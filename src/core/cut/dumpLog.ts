// dump.log in the style of MindStudio's Dump Network, whose log users already read: one
// "Add Layer Into Prototxt:" line per declared input, the "Output Dump Path:", one "Dump Layer:"
// line per layer with the dump files that hold its output and input, and "Export Layer:" with
// every exported layer. The prefixes are the tool's and stay English, like any tool log.

import type { CutFiles } from './cutResult';

/** Dump files found for one layer (its output and its input data), when a dump path was given. */
export interface LayerDumpFiles {
  output: string[];
  input: string[];
}

export function dumpLogText(folder: string, cut: CutFiles, dumpFiles?: ReadonlyMap<string, LayerDumpFiles>): string {
  const lines: string[] = [];
  for (const a of cut.added) {
    const shape = a.tensor.shape ? a.tensor.shape.join(',') : 'unknown';
    lines.push(`Add Layer Into Prototxt: ${a.declaredBy} (top: ${a.tensor.name}, shape: ${shape}, dtype: ${a.tensor.dtype ?? 'unknown'})`);
  }
  lines.push(`Output Dump Path: ${folder}`);
  for (const layer of cut.exported) {
    const files = dumpFiles?.get(layer);
    const list = (names: string[] | undefined) => (names && names.length > 0 ? names.join('; ') : 'none');
    lines.push(`Dump Layer: ${layer}, Output File: ${list(files?.output)}, Input File: ${list(files?.input)}`);
  }
  lines.push(`Export Layer: ${cut.exported.join(', ')}`);
  for (const w of cut.warnings) lines.push(`Warning: ${w}`);
  return `${lines.join('\n')}\n`;
}
