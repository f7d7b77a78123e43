// The device tables of `bm-smi` (Sophon) and `npu-smi info` (Ascend) read into the few figures
// the Hosts view shows: chip, memory in use and in all, utilisation. Only the first chip is read;
// a table that does not have the expected shape gives undefined rather than a guess.

export interface DeviceStatus {
  chip: string;
  memoryUsedMB: number;
  memoryTotalMB: number;
  /** Percent: TPU-Util (Sophon), AICore (Ascend); undefined when the tool prints NA. */
  utilisation?: number;
}

/** `bm-smi`: a card row names the chip (`1684-SC5+`, `1684X-SC7`), the row under it `usedMB/ totalMB  util%`. */
export function parseBmSmi(text: string): DeviceStatus | undefined {
  const chip = /\|\s*\d+\s+(?:BM)?(1684X|1684|1682|1688)\b/.exec(text);
  const memory = /(\d+)MB\s*\/\s*(\d+)MB\s+(\d+)%/.exec(text);
  if (!chip || !memory) return undefined;
  return { chip: `BM${chip[1]}`, memoryUsedMB: Number(memory[1]), memoryTotalMB: Number(memory[2]), utilisation: Number(memory[3]) };
}

/**
 * `npu-smi info`: below the `+====` rule, the first NPU row `| id  name | health | …` and the
 * chip row `| chip | bus-id | AICore(%)  used / total … |`.
 */
export function parseNpuSmi(text: string): DeviceStatus | undefined {
  const lines = text.split('\n');
  const rule = lines.findIndex((l) => l.startsWith('+='));
  if (rule < 0) return undefined;
  const cells = (line: string | undefined) => (line ?? '').split('|').map((c) => c.trim());
  const npu = cells(lines[rule + 1]);
  const chip = cells(lines[rule + 2]);
  const name = /^\d+\s+(\S+)$/.exec(npu[1] ?? '');
  const figures = /^(\d+|NA)\s+(\d+)\s*\/\s*(\d+)/.exec(chip[3] ?? '');
  if (!name || !figures) return undefined;
  return {
    chip: name[1].startsWith('Ascend') ? name[1] : `Ascend${name[1]}`,
    memoryUsedMB: Number(figures[2]),
    memoryTotalMB: Number(figures[3]),
    utilisation: figures[1] === 'NA' ? undefined : Number(figures[1]),
  };
}
