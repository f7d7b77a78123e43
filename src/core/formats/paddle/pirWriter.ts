// Writes PIR programs the way Paddle's serializer does: compact JSON, keys in byte order,
// dialect ids compressed (`pd_op.conv2d` → `1.conv2d`), the parameter op in its `p` form, result
// ids from one counter starting at 1 in write order (an op's results before its regions' ops),
// block arguments -1, -2, … For the project's own test programs, the bench's synthetic ones, and
// for cutting a sub-program out of a read one.

import { writeFileAtomic } from '../../io/atomicWrite';
import { dtypeBytes } from './dtypes';
import { compressName } from './pirNames';
import { compareCodePoints } from './pirParams';
import { encodeTensorRecord } from './tensorRecordWriter';
import { VarKind } from './programTypes';

export type RawType = { '#': string; D?: unknown[] };
export type RawAttribute = { '#': string; D?: unknown; VD?: string };

const ELEMENT_IDS: Record<string, string> = {
  bool: 't_bool', bfloat16: 't_bf16', float16: 't_f16', float32: 't_f32', float64: 't_f64', int8: 't_i8',
  uint8: 't_ui8', int16: 't_i16', int32: 't_i32', int64: 't_i64', complex64: 't_c64', complex128: 't_c128',
};

/** `0.t_dtensor` of `dtype` and `dims`, as Paddle writes a DenseTensorType. */
export function tensorType(dtype: string, dims: readonly number[]): RawType {
  const element = ELEMENT_IDS[dtype];
  if (!element) throw new Error(`no PIR element type for ${dtype}`);
  return { '#': '0.t_dtensor', D: [{ '#': `0.${element}` }, [...dims], 'NCHW', [], 0] };
}

/** Attribute value builders, one per attribute type id. */
export const attr = {
  bool: (v: boolean): RawAttribute => ({ '#': '0.a_bool', D: v }),
  i32: (v: number): RawAttribute => ({ '#': '0.a_i32', D: v }),
  i64: (v: number): RawAttribute => ({ '#': '0.a_i64', D: v }),
  f32: (v: number): RawAttribute => (Number.isFinite(v) ? { '#': '0.a_f32', D: Math.fround(v) } : { '#': '0.a_f32', VD: Number.isNaN(v) ? 'NaN' : v > 0 ? 'INF' : '-INF' }),
  f64: (v: number): RawAttribute => (Number.isFinite(v) ? { '#': '0.a_f64', D: v } : { '#': '0.a_f64', VD: Number.isNaN(v) ? 'NaN' : v > 0 ? 'INF' : '-INF' }),
  str: (v: string): RawAttribute => ({ '#': '0.a_str', D: v }),
  array: (v: RawAttribute[]): RawAttribute => ({ '#': '0.a_array', D: v }),
  intArray: (v: number[]): RawAttribute => ({ '#': '1.a_intarray', D: v }),
  dtype: (v: string): RawAttribute => ({ '#': '1.a_dtype', D: v }),
  place: (allocation = 1, device = 0, kind = ''): RawAttribute => ({ '#': '1.a_place', D: [allocation, device, kind] }),
};

export interface RawOp {
  '#': string;
  A?: unknown[];
  DA?: unknown[];
  I?: { '%': number }[];
  O?: { '%': number; TT: RawType }[] | { '%': number; TT: RawType };
  OA?: unknown[];
  QA?: unknown[];
  regions?: { '#': string; blocks: RawBlock[] }[];
}

export interface RawBlock {
  '#': string;
  args: { '#': number; TT: RawType }[];
  ops: RawOp[];
}

/** How deep copyOp follows regions inside regions (it recurses); real programs nest a few. */
const MAX_COPY_NESTING = 256;

const named = (attributes: Record<string, RawAttribute>) => Object.entries(attributes).map(([N, AT]) => ({ AT, N }));
const flags = (values: boolean[]) => ({ '#': '0.a_array', D: values.map((v) => ({ '#': '0.a_bool', D: v })) });

/** Builds one program op by op; `text()` gives the file. */
export class PirProgramBuilder {
  private nextValue = 1;
  private nextArg = -1;
  private nextRegion = 1;
  private nextBlock = 1;
  private readonly top: RawBlock = { '#': 'block_0', args: [], ops: [] };
  /** The block ops go to: the top one, or the one a `region` call is filling. */
  private current: RawBlock = this.top;

  /** Ops written so far, in every block. */
  opCount = 0;

  /** A `builtin.parameter` in its compressed form; returns its value id. */
  parameter(name: string, dtype: string, dims: number[], options: { persistable?: boolean; trainable?: boolean } = {}): number {
    const id = this.nextValue++;
    this.opCount++;
    this.current.ops.push({
      '#': 'p',
      A: [0, 1, 1, name],
      DA: [],
      O: { '%': id, TT: tensorType(dtype, dims) },
      OA: [options.persistable === false ? 0 : 1, 0, options.trainable === false ? 0 : 1],
      QA: [],
    });
    return id;
  }

  /** An op; results are numbered before the ops of its regions. Returns the result ids. */
  op(name: string, operands: number[], results: RawType[], attributes: Record<string, RawAttribute> = {}, regions?: ((builder: PirProgramBuilder) => void)[]): number[] {
    const ids = results.map(() => this.nextValue++);
    const raw: RawOp = {
      '#': compressName(name),
      A: named(attributes),
      I: operands.map((id) => ({ '%': id })),
      O: results.map((TT, i) => ({ '%': ids[i], TT })),
      OA: [{ AT: flags(results.map(() => false)), N: 'stop_gradient' }],
    };
    this.current.ops.push(raw);
    this.opCount++;
    if (regions && regions.length > 0) {
      const outer = this.current;
      raw.regions = regions.map((fill) => {
        const block: RawBlock = { '#': `block_${this.nextBlock++}`, args: [], ops: [] };
        const region = { '#': `region_${this.nextRegion++}`, blocks: [block] };
        this.current = block;
        fill(this);
        this.current = outer;
        return region;
      });
    }
    return ids;
  }

  /** A block argument of the block being filled (a while body's loop variables). */
  argument(type: RawType): number {
    const id = this.nextArg--;
    this.current.args.push({ '#': id, TT: type });
    return id;
  }

  /**
   * An op read from another program, written again with fresh ids: its operands through `ids`
   * (old value id → new; 0 stays 0, the null value), its results and, inside its regions, block
   * arguments and results numbered anew and added to `ids`. Attributes and types are kept as
   * read. For writing a part of a read program (a cut). Returns the new result ids.
   */
  copyOp(raw: RawOp, ids: Map<number, number>, depth = 0): number[] {
    if (depth > MAX_COPY_NESTING) throw new Error(`regions nest more than ${MAX_COPY_NESTING} deep`);
    const mapped = (id: number) => {
      if (id === 0) return 0;
      const to = ids.get(id);
      if (to === undefined) throw new Error(`value %${id} is used before it is defined`);
      return to;
    };
    const renumber = (o: { '%'?: number; '#'?: number; TT: RawType }) => {
      const old = o['%'] ?? o['#'] ?? 0;
      const id = old === 0 ? 0 : this.nextValue++;
      if (old !== 0) ids.set(old, id);
      return { '%': id, TT: o.TT };
    };
    this.opCount++;
    if (raw['#'] === 'p' && !Array.isArray(raw.O) && raw.O) {
      const O = renumber(raw.O);
      this.current.ops.push({ ...raw, O });
      return [O['%']];
    }
    const O = ((raw.O ?? []) as { '%'?: number; '#'?: number; TT: RawType }[]).map(renumber);
    const copy: RawOp = { ...raw, I: (raw.I ?? []).map((i) => ({ '%': mapped((i as { '%'?: number; '#'?: number })['%'] ?? (i as { '#'?: number })['#'] ?? 0) })), O };
    this.current.ops.push(copy);
    if (raw.regions) {
      const outer = this.current;
      copy.regions = raw.regions.map((region) => ({
        '#': `region_${this.nextRegion++}`,
        blocks: region.blocks.map((b) => {
          const block: RawBlock = { '#': `block_${this.nextBlock++}`, args: [], ops: [] };
          this.current = block;
          for (const arg of b.args ?? []) {
            const id = this.nextArg--;
            ids.set(arg['#'], id);
            block.args.push({ '#': id, TT: arg.TT });
          }
          for (const op of b.ops) this.copyOp(op, ids, depth + 1);
          this.current = outer;
          return block;
        }),
      }));
    }
    return O.map((o) => o['%']);
  }

  /** `pd_op.data`: a model input. */
  data(name: string, dtype: string, dims: number[]): number {
    return this.op('pd_op.data', [], [tensorType(dtype, dims)], { name: attr.str(name), shape: attr.intArray(dims), dtype: attr.dtype(dtype), place: attr.place(0) })[0];
  }

  /** `pd_op.fetch`: model output number `col`. */
  fetch(value: number, type: RawType, col: number, name = `fetch_name_${col}`): number {
    return this.op('pd_op.fetch', [value], [type], { name: attr.str(name), col: attr.i32(col) })[0];
  }

  document(): { base_code: { magic: 'pir'; trainable: boolean; version: number }; program: { regions: { '#': string; blocks: RawBlock[] }[] } } {
    return { base_code: { magic: 'pir', trainable: true, version: 1 }, program: { regions: [{ '#': 'region_0', blocks: [this.top] }] } };
  }

  text(): string {
    return JSON.stringify(this.document());
  }
}

export interface PirTensor {
  name: string;
  dtype: string;
  dims: number[];
  data: Uint8Array;
}

const DATA_TYPES: Record<string, number> = { bool: VarKind.BOOL, int32: VarKind.INT32, int64: VarKind.INT64, float16: VarKind.FP16, float32: VarKind.FP32, float64: VarKind.FP64, uint8: VarKind.UINT8, int8: VarKind.INT8 };

/** A `.pdiparams` for a PIR program: the records in code-point order of the names, as Paddle's loader walks them. */
export function encodePirParams(tensors: readonly PirTensor[]): Uint8Array {
  const records = [...tensors]
    .sort((a, b) => compareCodePoints(a.name, b.name))
    .map((tensor) => {
      const dataType = DATA_TYPES[tensor.dtype];
      if (dataType === undefined || dtypeBytes(dataType) === undefined) throw new Error(`cannot write ${tensor.dtype} tensors`);
      return encodeTensorRecord({ name: tensor.name, dataType, dims: tensor.dims, data: tensor.data });
    });
  const out = new Uint8Array(records.reduce((n, r) => n + r.length, 0));
  let at = 0;
  for (const r of records) {
    out.set(r, at);
    at += r.length;
  }
  return out;
}

/** Writes `<prefix>.json` and, when there are tensors, `<prefix>.pdiparams`, each atomically. */
export async function writePirModel(prefix: string, program: PirProgramBuilder | string, tensors: readonly PirTensor[] = []): Promise<void> {
  await writeFileAtomic(`${prefix}.json`, typeof program === 'string' ? program : program.text());
  if (tensors.length > 0) await writeFileAtomic(`${prefix}.pdiparams`, encodePirParams(tensors));
}
