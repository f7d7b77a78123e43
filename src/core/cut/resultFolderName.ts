// The name MindStudio's Dump Network gives its result folder, from the local time of the export,
// and the names tried after it when that one is taken: a new folder every time, never a reuse.

const pad = (n: number) => String(n).padStart(2, '0');

/** `dump_result_YYYY_MM_DD_HH_MM_SS`, then `…_1`, `…_2` for later attempts. */
export function resultFolderName(at: Date, attempt = 0): string {
  const stamp = [at.getFullYear(), pad(at.getMonth() + 1), pad(at.getDate()), pad(at.getHours()), pad(at.getMinutes()), pad(at.getSeconds())].join('_');
  return attempt === 0 ? `dump_result_${stamp}` : `dump_result_${stamp}_${attempt}`;
}
