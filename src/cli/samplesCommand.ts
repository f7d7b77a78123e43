// `npu-deploy samples DIR`: writes small sample models with the project's own writers, so a
// newcomer (and `npm start`) has something to open without any third-party files.
import { parseCommandArgs } from './usage';

export async function runSamples(args: string[]): Promise<number> {
  parseCommandArgs(args, {}, { min: 1, max: 1 });
  process.stderr.write('npu-deploy samples: not available yet\n');
  return 1;
}
