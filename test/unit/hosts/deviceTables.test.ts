// bm-smi and npu-smi tables read into chip, memory and utilisation; a table of another shape
// gives nothing rather than a guess.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBmSmi, parseNpuSmi } from '../../../src/core/hosts/deviceTables';

test('bm-smi: a BM1684X card', () => {
  const table = [
    '+--------------------------------------------------------------------------+',
    '| SDK Version:    0.4.8            Driver Version:  0.4.8                  |',
    '+=======================================+==================================+',
    '| 0  1684X-SC7-PLUS PCIE  HQDZKE5BBJCKJ0030|0   45C    46C    2.5W   0.65V  |',
    '|000:01:00.0  Active  30W 3.6A      |25M  1000M     356MB/ 12032MB   3%|',
  ].join('\n');
  assert.deepEqual(parseBmSmi(table), { chip: 'BM1684X', memoryUsedMB: 356, memoryTotalMB: 12032, utilisation: 3 });
  assert.equal(parseBmSmi('bmctl: open /dev/bmdev-ctl failed'), undefined);
});

test('npu-smi info: an Atlas 300I Pro (310P3) and an Atlas 300 (310) with NA utilisation', () => {
  const pro = [
    '+===========================+===============+====================================================+',
    '| 0     310P3               | OK            | NA          49                0    / 0             |',
    '| 0                         | 0000:01:00.0  | 7           1782 / 21527      0    / 0             |',
  ].join('\n');
  assert.deepEqual(parseNpuSmi(pro), { chip: 'Ascend310P3', memoryUsedMB: 1782, memoryTotalMB: 21527, utilisation: 7 });
  const old = [
    '+===================+=================+========================================+',
    '| 0       310       | OK              | 12.8              45                   |',
    '| 0       0         | 0000:05:00.0    | NA                2621 / 8192          |',
  ].join('\n');
  assert.deepEqual(parseNpuSmi(old), { chip: 'Ascend310', memoryUsedMB: 2621, memoryTotalMB: 8192, utilisation: undefined });
  assert.equal(parseNpuSmi('dcmi module initialize failed. ret is -8005'), undefined);
});
