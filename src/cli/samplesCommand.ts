// `npu-deploy samples DIR`: writes small sample models with the project's own writers, so a
// newcomer (and `npm start`) has something to open without any third-party files.
import * as path from 'node:path';
import { oneLine } from '../core/errors';
import { ensureFolder } from '../core/io/ensureFolder';
import { writeCaffeSample } from '../core/samples/caffeSample';
import { writePaddleSample } from '../core/samples/paddleSample';
import { parseCommandArgs } from './usage';

export async function runSamples(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(args, {}, { min: 1, max: 1 });
  const dir = path.resolve(positionals[0]);
  const caffeDir = path.join(dir, 'caffe-lenet');
  const paddleDir = path.join(dir, 'paddle-classifier');
  let caffe, paddle;
  try {
    await ensureFolder(caffeDir);
    await ensureFolder(paddleDir);
    caffe = await writeCaffeSample(caffeDir);
    paddle = await writePaddleSample(paddleDir);
  } catch (e) {
    // The place cannot take the files (read-only, no permission, not a folder): the user's to fix.
    const err = e as NodeJS.ErrnoException;
    if (typeof err?.code !== 'string') throw e;
    process.stderr.write(`${oneLine(err.path ?? dir, false)}: cannot write the samples here (${err.code})\n`);
    return 1;
  }
  for (const file of [caffe.prototxt, caffe.caffemodel, paddle.model, paddle.params]) process.stdout.write(`${file}\n`);
  return 0;
}
