// ais_bench / `ait benchmark` output read into a result (issue 16): the latency figures of the
// Performance Summary, the throughput, the batch size, and the output folder, summary JSON and
// files it names. Logs written as ../shared/toolchains.md §10 records them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAisBenchOutput } from '../../../src/core/run/aisBenchOutput';
import { repoRoot } from '../../support/paths';

test('ais_bench: NPU_compute_time figures, throughput, batch size, the output folder and the summary JSON', () => {
  const run = parseAisBenchOutput(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'logs', 'ais-bench-resnet.log'), 'utf8'));
  assert.deepEqual(run.latencies, { NPU_compute_time: { min: 10.512, max: 11.307, mean: 10.744, median: 10.701, p99: 11.256 } });
  assert.equal(run.throughput, 744.6016);
  // Independently: 1000 * batch / mean latency, as the line's own formula says.
  assert.ok(Math.abs(run.throughput! - (1000 * 8) / 10.744) < 1e-3);
  assert.equal(run.batchSize, 8);
  assert.equal(run.outputFolder, './result/2024_03_05-14_02_11');
  assert.equal(run.summaryJson, './result/2024_03_05-14_02_11_summary.json');
  assert.equal(run.summarized, true);
  assert.deepEqual(run.errors, []);
});

test('ais_bench with --display_all_summary and saved outputs: every figure by name, each output file once; errors kept', () => {
  const log = [
    '[INFO] try get model batchsize:1',
    '[INFO] save path:out/2024_01_02-03_04_05/pure_infer_data_0.bin',
    '[INFO] save path:out/2024_01_02-03_04_05/pure_infer_data_1.npy',
    '[INFO] save path:out/2024_01_02-03_04_05/pure_infer_data_0.bin',
    '[INFO] -----------------Performance Summary------------------',
    '[INFO] H2D_latency (ms): min = 0.1, max = 0.3, mean = 0.2, median = 0.2, percentile(99%) = 0.29',
    '[INFO] NPU_compute_time (ms): min = 1.5, max = 2.5, mean = 2, median = 1.9, percentile(99%) = 2.45',
    '[INFO] D2H_latency (ms): min = 0.05, max = 0.07, mean = 0.06, median = 0.06, percentile(99%) = 0.07',
    '[INFO] throughput 1000*batchsize.mean(1)/NPU_compute_time.mean(2): 500.0',
    '[INFO] ------------------------------------------------------',
  ].join('\r\n');
  const run = parseAisBenchOutput(log);
  assert.deepEqual(Object.keys(run.latencies), ['H2D_latency', 'NPU_compute_time', 'D2H_latency']);
  assert.equal(run.latencies.D2H_latency.p99, 0.07);
  assert.equal(run.throughput, 500);
  assert.equal(run.outputFolder, 'out/2024_01_02-03_04_05');
  assert.deepEqual(run.outputFiles, ['out/2024_01_02-03_04_05/pure_infer_data_0.bin', 'out/2024_01_02-03_04_05/pure_infer_data_1.npy']);
  assert.equal(run.summarized, true);
  const failed = parseAisBenchOutput('[INFO] acl init success\n[ERROR] load model from file failed, model file is bad.om\n');
  assert.deepEqual(failed.errors, ['load model from file failed, model file is bad.om']);
  assert.equal(failed.summarized, false);
  assert.equal(failed.throughput, undefined);
});
