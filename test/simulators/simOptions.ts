// Option parsing as the vendor tools do it: `--key=value` and `--key value` (gflags binaries also
// take `-key=value`), the rest kept in order for the caller's own errors.

export interface ParsedOptions {
  values: Map<string, string>;
  /** Options given twice, in order. */
  repeated: string[];
  /** Words that are not options. */
  positionals: string[];
}

/** Parses `args`; `flags` take no value. A single dash counts only when `singleDash` (gflags). */
export function parseToolOptions(args: string[], flags: ReadonlySet<string>, singleDash = false): ParsedOptions {
  const values = new Map<string, string>();
  const repeated: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const m = /^--([^=]+)(?:=(.*))?$/s.exec(arg) ?? (singleDash ? /^-([^-=][^=]*)(?:=(.*))?$/s.exec(arg) : null);
    if (!m) {
      positionals.push(arg);
      continue;
    }
    const key = m[1];
    let value = m[2];
    if (value === undefined) value = flags.has(key) || i + 1 >= args.length ? 'true' : args[++i];
    if (values.has(key)) repeated.push(key);
    values.set(key, value);
  }
  return { values, repeated, positionals };
}

/** `true|false|True|False|1|0` as the bmnetX tools take them; undefined for anything else. */
export function toolBool(value: string | undefined, fallback: boolean): boolean | undefined {
  if (value === undefined) return fallback;
  if (/^(true|1)$/i.test(value)) return true;
  if (/^(false|0)$/i.test(value)) return false;
  return undefined;
}

/** `[1,3,224,224],[1,2]` or `[[1,3,224,224],[1,2]]` as lists of dims; undefined when malformed. */
export function parseShapes(text: string): number[][] | undefined {
  let s = text.replace(/\s+/g, '');
  if (/^\[\[.*\]\]$/.test(s)) s = s.slice(1, -1);
  if (!/^\[\d+(,\d+)*\](,\[\d+(,\d+)*\])*$/.test(s)) return undefined;
  return [...s.matchAll(/\[([\d,]+)\]/g)].map((m) => m[1].split(',').map(Number));
}
