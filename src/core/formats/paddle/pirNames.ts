// PIR writes op, type and attribute ids as `<dialect id>.<short name>` (Paddle's schema.cc
// DialectIdMap): `1.conv2d` is `pd_op.conv2d`. Dialects missing from the table keep their full
// name, and the parameter op is the bare `p`. An earlier writer wrote full names throughout, so
// a name whose prefix is not a known id is left as it is.

const DIALECTS: readonly [string, string][] = [
  ['0', 'builtin'],
  ['1', 'pd_op'],
  ['2', 'cf'],
  ['3', 'custom_op'],
  ['4', 'pd_dist'],
  ['-1', 'test'],
  ['-2', 'test_2'],
];

const byId = new Map(DIALECTS);
const byName = new Map(DIALECTS.map(([id, name]) => [name, id]));

/** The compressed name of the parameter op. */
export const PARAMETER_OP = 'p';
export const PARAMETER_OP_NAME = 'builtin.parameter';

/**
 * Expanded names already made: a program spells a few hundred distinct ids tens of thousands of
 * times, and every node of one type then shares one string. Bounded, so a crafted file of
 * millions of distinct names costs no more than expanding each.
 */
const expanded = new Map<string, string>();
const MAX_KEPT_NAMES = 4096;

/** `1.conv2d` → `pd_op.conv2d`, `p` → `builtin.parameter`; anything else unchanged. */
export function expandName(name: string): string {
  const known = expanded.get(name);
  if (known !== undefined) return known;
  const full = expandUncached(name);
  if (expanded.size < MAX_KEPT_NAMES) expanded.set(name, full);
  return full;
}

function expandUncached(name: string): string {
  if (name === PARAMETER_OP) return PARAMETER_OP_NAME;
  const dot = name.indexOf('.');
  if (dot <= 0) return name;
  const dialect = byId.get(name.slice(0, dot));
  return dialect === undefined ? name : `${dialect}${name.slice(dot)}`;
}

/** `pd_op.conv2d` → `1.conv2d`, as the current writer spells it; unknown dialects stay whole. */
export function compressName(name: string): string {
  if (name === PARAMETER_OP_NAME) return PARAMETER_OP;
  const dot = name.indexOf('.');
  if (dot <= 0) return name;
  const id = byName.get(name.slice(0, dot));
  return id === undefined ? name : `${id}${name.slice(dot)}`;
}

/** The part after the dialect: `t_f32` of `0.t_f32` (and of `builtin.t_f32`). */
export function shortName(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(dot + 1);
}
