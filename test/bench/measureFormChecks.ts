// Child process of `npm run bench -- form`: how long the conversion form waits between a change
// of a field and its messages (checkConversionForm, the host's side of each check), on the NMS
// detector the tests write and on PP-OCRv3's detector when the model collection is there. The
// model is opened once, as the form's ModelService keeps it; each round changes the shapes.
// Prints one JSON line: each model's median and worst milliseconds over the rounds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { prefillConversionForm } from '../../src/core/convert/conversionForm';
import { checkConversionForm } from '../../src/core/convert/conversionFormChecks';
import { openConversionModel } from '../../src/core/convert/conversionJob';
import type { HostConfig } from '../../src/core/hosts/hostsFile';
import { ModelService } from '../../src/core/modelService';
import { fullCorpus, sharedModel } from '../support/corpus';
import { writeNmsDetector } from '../support/deployModels';

const HOSTS: HostConfig[] = [{ name: 'bm', kind: 'sophon', target: 'BM1684', workdir: '/tmp/npu-deploy' }];

async function measure(model: string, shapes: (round: number) => string, rounds: number): Promise<{ medianMs: number; worstMs: number }> {
  const opened = await openConversionModel(model);
  const facts = opened && { framework: opened.framework, name: opened.name, inputs: opened.inputs, outputs: opened.outputs };
  const form = prefillConversionForm({ model, kind: 'sophon', hosts: HOSTS, opened });
  const models = new ModelService();
  const times: number[] = [];
  for (let i = 0; i <= rounds; i++) {
    const t0 = performance.now();
    await checkConversionForm({ ...form, shapes: shapes(i) }, { models, hosts: HOSTS, facts });
    // The first check reads the model into the service: the form's first, not its typing.
    if (i > 0) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], worstMs: times[times.length - 1] };
}

async function run(): Promise<void> {
  const rounds = Number(process.argv[2] ?? '21');
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-bench-form-'));
  try {
    await writeNmsDetector(dir);
    const figures: Record<string, { medianMs: number; worstMs: number }> = {};
    figures['NMS detector (3 inputs)'] = await measure(path.join(dir, 'detector.pdmodel'), (i) => `[1,2],[1,3,608,${600 + (i % 9)}],[1,2]`, rounds);
    if (fullCorpus) figures['PP-OCRv3 det (model.pdmodel)'] = await measure(sharedModel('paddle', 'ppocrv3_det', 'model.pdmodel'), (i) => `[1,3,${608 + 32 * (i % 3)},640]`, rounds);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

run().catch((e) => {
  process.stdout.write(`${JSON.stringify({ error: String(e) })}\n`);
  process.exitCode = 1;
});
