// A uniform grid over the drawing, in CSR form (one offsets array, one items array): the one
// spatial index the graph view uses to cull what lies outside the viewport and to find the node
// under the pointer. rendering.md measured it at 55k nodes: built in about 0.2 s, a lookup in
// 1–2.5 µs. An item (a box, or an edge's bounding box) is listed in every cell it touches, so a
// query de-duplicates with a stamp per item instead of a Set.

/** Writes item i's bounding box (x0, y0, x1, y1) into out. */
export type BoundsOf = (i: number, out: Float64Array) => void;

/** Cells per side are capped so that a huge, thin drawing does not allocate millions of empty cells. */
const MAX_CELLS = 1 << 20;

export class GridIndex {
  private readonly cell: number;
  private readonly cols: number;
  private readonly rows: number;
  private readonly start: Uint32Array;
  private readonly items: Uint32Array;
  private readonly stamp: Uint32Array;
  private query = 0;

  constructor(width: number, height: number, count: number, bounds: BoundsOf, cellSize = 512) {
    let cell = cellSize;
    while (Math.ceil(width / cell) * Math.ceil(height / cell) > MAX_CELLS) cell *= 2;
    this.cell = cell;
    this.cols = Math.max(1, Math.ceil(width / cell));
    this.rows = Math.max(1, Math.ceil(height / cell));
    const box = new Float64Array(4);
    const cells = this.cols * this.rows;
    // Two passes, as CSR is built: count per cell, then fill.
    const start = new Uint32Array(cells + 1);
    const each = (i: number, visit: (c: number) => void) => {
      bounds(i, box);
      const c0 = this.col(box[0]);
      const c1 = this.col(box[2]);
      const r0 = this.row(box[1]);
      const r1 = this.row(box[3]);
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) visit(r * this.cols + c);
    };
    for (let i = 0; i < count; i++) each(i, (c) => start[c + 1]++);
    for (let c = 0; c < cells; c++) start[c + 1] += start[c];
    const fill = start.slice(0, cells);
    const items = new Uint32Array(start[cells]);
    for (let i = 0; i < count; i++) each(i, (c) => (items[fill[c]++] = i));
    this.start = start;
    this.items = items;
    this.stamp = new Uint32Array(count);
  }

  private col(x: number): number {
    return Math.min(this.cols - 1, Math.max(0, Math.floor(x / this.cell)));
  }

  private row(y: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor(y / this.cell)));
  }

  /** Calls visit once for every item listed in a cell the rectangle touches (a superset of those inside it). */
  visit(x0: number, y0: number, x1: number, y1: number, visit: (i: number) => void): void {
    const q = ++this.query;
    const c0 = this.col(x0);
    const c1 = this.col(x1);
    const r0 = this.row(y0);
    const r1 = this.row(y1);
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = r * this.cols + c;
        for (let k = this.start[cell]; k < this.start[cell + 1]; k++) {
          const i = this.items[k];
          if (this.stamp[i] === q) continue;
          this.stamp[i] = q;
          visit(i);
        }
      }
    }
  }
}
