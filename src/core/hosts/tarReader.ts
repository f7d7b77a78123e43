// Reads a tar stream (ustar and GNU long names, regular files only) as it arrives and writes each
// file through `open`, so results come back from a host in one transfer.
import type { Writable } from 'node:stream';

const BLOCK = 512;

export class TarReader {
  private buffer: Buffer = Buffer.alloc(0);
  private current: { out: Writable; left: number; pad: number } | undefined;
  private longName: string | undefined;
  private collectingLongName: { left: number; parts: Buffer[]; pad: number } | undefined;
  private ended = false;
  readonly names: string[] = [];

  /** `open(name)` gives where a file's bytes go, or undefined to skip it. */
  constructor(private readonly open: (name: string) => Writable | undefined) {}

  write(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      if (this.ended) return;
      if (this.current) {
        const { left, pad } = this.current;
        const take = Math.min(left, this.buffer.length);
        if (take > 0) this.current.out.write(this.buffer.subarray(0, take));
        this.buffer = this.buffer.subarray(take);
        this.current.left -= take;
        if (this.current.left > 0) return;
        if (this.buffer.length < pad) return;
        this.buffer = this.buffer.subarray(pad);
        this.current.out.end();
        this.current = undefined;
        continue;
      }
      if (this.collectingLongName) {
        const c = this.collectingLongName;
        if (this.buffer.length < c.left + c.pad) return;
        this.longName = this.buffer.subarray(0, c.left).toString('utf8').replace(/\0+$/, '');
        this.buffer = this.buffer.subarray(c.left + c.pad);
        this.collectingLongName = undefined;
        continue;
      }
      if (this.buffer.length < BLOCK) return;
      const header = this.buffer.subarray(0, BLOCK);
      this.buffer = this.buffer.subarray(BLOCK);
      if (header.every((b) => b === 0)) {
        this.ended = true;
        return;
      }
      const size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
      const type = String.fromCharCode(header[156] || 48);
      const pad = (BLOCK - (size % BLOCK)) % BLOCK;
      if (type === 'L') {
        this.collectingLongName = { left: size, parts: [], pad };
        continue;
      }
      const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
      const short = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
      const name = this.longName ?? (prefix ? `${prefix}/${short}` : short);
      this.longName = undefined;
      const out = type === '0' ? this.open(name) : undefined;
      if (out) this.names.push(name);
      this.current = { out: out ?? nullWritable, left: size, pad };
    }
  }
}

const nullWritable = { write: () => true, end: () => undefined } as unknown as Writable;
