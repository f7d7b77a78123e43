// `npu-deploy`: the command-line face of src/core, for scripts and CI. Each sub-command is a thin
// file over core; this one only dispatches and turns failures into exit codes:
// 0 success, 1 bad input (one line on stderr naming the file and the place), 2 bad usage.

import { runInfo } from './infoCommand';
import { runSamples } from './samplesCommand';
import { UsageError } from './usage';

const commands: Record<string, (args: string[]) => Promise<number>> = {
  info: runInfo,
  samples: runSamples,
};

const usage = `usage: npu-deploy <command> [options]

commands:
  info MODEL [--weights FILE] [--json]   summarise a Paddle or Caffe model
  samples DIR                            write small sample models (for trying the extension)`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(`${usage}\n`);
    return command ? 0 : 2;
  }
  const run = commands[command];
  if (!run) {
    process.stderr.write(`npu-deploy: unknown command '${command}'\n${usage}\n`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`npu-deploy ${command}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`npu-deploy: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
