// `npu-deploy samples DIR`: writes small sample models with the project's own writers, so a
// newcomer (and `npm start`) has something to open without any third-party files.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { writeCaffeSample } from '../core/samples/caffeSample';
import { writePaddleSample } from '../core/samples/paddleSample';
import { parseCommandArgs } from './usage';

export async function runSamples(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(args, {}, { min: 1, max: 1 });
  const dir = path.resolve(positionals[0]);
  const caffeDir = path.join(dir, 'caffe-lenet');
  const paddleDir = path.join(dir, 'paddle-classifier');
  await fsp.mkdir(caffeDir, { recursive: true });
  await fsp.mkdir(paddleDir, { recursive: true });
  const caffe = await writeCaffeSample(caffeDir);
  const paddle = await writePaddleSample(paddleDir);
  for (const file of [caffe.prototxt, caffe.caffemodel, paddle.model, paddle.params]) process.stdout.write(`${file}\n`);
  return 0;
}
