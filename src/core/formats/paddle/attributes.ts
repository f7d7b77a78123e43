// Op attributes as plain JSON for the graph: each AttrType read from the field it lives in,
// floats shown as the short decimal a user wrote (1e-05, not 9.999999747378752e-06), blocks as
// `{ block: n }`, and attribute kinds this schema does not know reported, not dropped.

import type { AttrValue } from '../../graph/graph';
import { AttrKind, ScalarKind, type Int64, type OpAttr, type Scalar } from './programTypes';

/** The shortest decimal that reads back as the same float32, as a number; non-finite values as text. */
export function float32Value(value: number): number | string {
  if (!Number.isFinite(value)) return String(value);
  const single = Math.fround(value);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return candidate;
  }
  return single;
}

function float64Value(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

function int64Value(value: Int64): number | string {
  return value;
}

function scalarValue(scalar: Scalar): AttrValue {
  switch (scalar.type) {
    case ScalarKind.BOOLEAN:
      return scalar.b ?? false;
    case ScalarKind.LONG:
      return scalar.i ?? 0;
    case ScalarKind.FLOAT64:
      return float64Value(scalar.r ?? 0);
    case ScalarKind.COMPLEX128:
      return { real: float64Value(scalar.c?.r ?? 0), imag: float64Value(scalar.c?.i ?? 0) };
    default:
      return scalar.b ?? scalar.i ?? (scalar.r !== undefined ? float64Value(scalar.r) : null);
  }
}

/** The value of one attribute, or `known: false` when its AttrType is newer than this schema. */
export function attrValue(attr: OpAttr): { value: AttrValue; known: boolean } {
  switch (attr.type) {
    case AttrKind.INT:
      return { value: attr.i ?? 0, known: true };
    case AttrKind.FLOAT:
      return { value: float32Value(attr.f ?? 0), known: true };
    case AttrKind.STRING:
      return { value: attr.s ?? '', known: true };
    case AttrKind.INTS:
      return { value: attr.ints ?? [], known: true };
    case AttrKind.FLOATS:
      return { value: (attr.floats ?? []).map(float32Value), known: true };
    case AttrKind.STRINGS:
      return { value: attr.strings ?? [], known: true };
    case AttrKind.BOOLEAN:
      return { value: attr.b ?? false, known: true };
    case AttrKind.BOOLEANS:
      return { value: attr.bools ?? [], known: true };
    case AttrKind.BLOCK:
      return { value: { block: attr.block_idx ?? 0 }, known: true };
    case AttrKind.LONG:
      return { value: int64Value(attr.l ?? 0), known: true };
    case AttrKind.BLOCKS:
      return { value: { blocks: attr.blocks_idx ?? [] }, known: true };
    case AttrKind.LONGS:
      return { value: (attr.longs ?? []).map(int64Value), known: true };
    case AttrKind.FLOAT64S:
      return { value: (attr.float64s ?? []).map(float64Value), known: true };
    case AttrKind.VAR:
      return { value: { var: attr.var_name ?? '' }, known: true };
    case AttrKind.VARS:
      return { value: { vars: attr.vars_name ?? [] }, known: true };
    case AttrKind.FLOAT64:
      return { value: float64Value(attr.float64 ?? 0), known: true };
    case AttrKind.SCALAR:
      return { value: attr.scalar ? scalarValue(attr.scalar) : null, known: true };
    case AttrKind.SCALARS:
      return { value: (attr.scalars ?? []).map(scalarValue), known: true };
    default:
      return { value: guessValue(attr), known: false };
  }
}

/** For an AttrType we do not know, whichever value field the file filled in. */
function guessValue(attr: OpAttr): AttrValue {
  const { name: _name, type: _type, $unknowns: _unknowns, ...rest } = attr;
  const entries = Object.entries(rest);
  if (entries.length === 0) return null;
  const [, value] = entries[0];
  return JSON.parse(JSON.stringify(value)) as AttrValue;
}
