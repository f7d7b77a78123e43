// bm-smi and `npu-smi info`: the device tables the Hosts view parses. Their layouts are not in
// the fact sheet; these follow the tables the tools print on BM1684 PCIe cards and Atlas 300
// cards (one card, one chip). NPU_SIM_DEVICE=none acts a host without the device.

export function runBmSmi(): number {
  if (process.env.NPU_SIM_DEVICE === 'none') {
    process.stderr.write('bmctl: open /dev/bmdev-ctl failed: No such file or directory\n');
    return 1;
  }
  process.stdout.write(
    [
      '+--------------------------------------------------------------------------+',
      '| SDK Version:    2.7.0            Driver Version:  2.7.0                  |',
      '+---------------------------------------+----------------------------------+',
      '|card  Name      Mode      SN          |TPU  boardT  chipT  TPU_P  TPU_V   |',
      '|Bus-ID      Status   boardP  TPU_C    |Minclk  Maxclk  Memory-Usage  TPU-Util|',
      '+=======================================+==================================+',
      '| 0  1684-SC5+    PCIE  HQDZKM5BJJBHJ0017|0    43C    52C    2.3W   0.60V    |',
      '|000:01:00.0  Active   29W    0.2A     |75M    550M    1219MB/ 10694MB  12%|',
      '+---------------------------------------+----------------------------------+',
      '',
    ].join('\n'),
  );
  return 0;
}

export function runNpuSmi(args: string[]): number {
  if (args[0] !== 'info') {
    process.stderr.write('Usage: npu-smi info\n');
    return 1;
  }
  if (process.env.NPU_SIM_DEVICE === 'none') {
    process.stderr.write('dcmi module initialize failed. ret is -8005\n');
    return 1;
  }
  process.stdout.write(
    [
      '+------------------------------------------------------------------------------------------------+',
      '| npu-smi 23.0.0                   Version: 23.0.0                                               |',
      '+---------------------------+---------------+----------------------------------------------------+',
      '| NPU   Name                | Health        | Power(W)    Temp(C)           Hugepages-Usage(page)|',
      '| Chip                      | Bus-Id        | AICore(%)   Memory-Usage(MB)  HBM-Usage(MB)        |',
      '+===========================+===============+====================================================+',
      '| 0     310P3               | OK            | NA          49                0    / 0             |',
      '| 0                         | 0000:01:00.0  | 7           1782 / 21527      0    / 0             |',
      '+===========================+===============+====================================================+',
      '',
    ].join('\n'),
  );
  return 0;
}
