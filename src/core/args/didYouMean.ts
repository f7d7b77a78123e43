// The nearest known name to a misspelt one: `--input_name` → `--input_names`,
// `--input-names` → `--input_names`, `--Model` → `--model`.

/**
 * Edit distance counting a swap of two neighbours as one edit (optimal string alignment):
 * `int23` is one typo away from `int32`. Stops early once every path exceeds `limit`.
 */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length];
}

/** The closest of `known` to `name`, or undefined when none is close enough to be a typo. */
export function didYouMean(name: string, known: Iterable<string>): string | undefined {
  const normal = (s: string) => s.toLowerCase().replace(/-/g, '_');
  const wanted = normal(name);
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of known) {
    const d = normal(candidate) === wanted ? 0 : distance(wanted, normal(candidate), limit);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // A longer name that starts with the typed one (`--out` for `--outdir`) is a likely meaning too.
  if (!best && name.length >= 3) {
    const prefixed = [...known].filter((k) => normal(k).startsWith(wanted));
    if (prefixed.length === 1) best = prefixed[0];
  }
  return best;
}
