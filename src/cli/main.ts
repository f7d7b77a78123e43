// `npu-deploy`: the command-line face of src/core, for scripts and CI. Each sub-command is a thin
// file over core; this one only dispatches and turns failures into exit codes (failure.ts):
// 0 success, 1 bad input, 2 bad usage, 70 internal error.
//
// A sub-command's module is loaded when that command runs, not before: `--help` loads no
// reader, and `info` does not load the sample writers. Keep the imports at the top of this
// file to the few small modules every run needs (CLI start-up is measured by npm run bench).

import { EXIT_USAGE, failure } from './failure';

type Command = (args: string[]) => Promise<number>;

// The `.js`: in the unbundled test build (out/) these stay real dynamic imports, which Node
// resolves only with the extension; esbuild's bundle maps them to the .ts files either way.
const commands: Record<string, () => Promise<Command>> = {
  info: async () => (await import('./infoCommand.js')).runInfo,
  draw: async () => (await import('./drawCommand.js')).runDraw,
  samples: async () => (await import('./samplesCommand.js')).runSamples,
  cut: async () => (await import('./cutCommand.js')).runCut,
  check: async () => (await import('./checkCommand.js')).runCheck,
  hosts: async () => (await import('./hostsCommand.js')).runHosts,
  convert: async () => (await import('./convertCommand.js')).runConvert,
  compare: async () => (await import('./compareCommand.js')).runCompare,
  log: async () => (await import('./logCommand.js')).runLog,
};

const usage = `usage: npu-deploy [--debug] <command> [options]

commands:
  info MODEL [--weights FILE] [--json]   summarise a Paddle or Caffe model
  draw MODEL [--weights FILE] --out FILE.svg [--json]
                                         lay out the whole graph and write it as SVG
  samples DIR                            write small sample models (for trying the extension)
  cut MODEL [--weights FILE] --start ID[,ID…] --end ID[,ID…] --out DIR [--dump-data DIR] [--json]
                                         export the sub-model between the start and end nodes
                                         (ids as info --json prints them) to a new
                                         DIR/dump_result_YYYY_MM_DD_HH_MM_SS folder
  check FILE... [--json]                 check the compiler calls of shell and Python scripts
                                         (and prototxt files): file:line:col: severity code message;
                                         exit 1 when there is an error
  hosts [--hosts FILE] [--json]          each host: reachable, toolchain and version, device
  convert MODEL --host NAME [--hosts FILE] [--tool NAME] [--out DIR] [--json] [-- TOOL-ARGS...]
                                         convert on a host (bmpaddle, bmnetc … or atc); the
                                         results land in --out (default: the model's folder);
                                         BMCOMPILER_STAT_ERR, BMCOMPILER_LAYER_DTYPE_MODE,
                                         BMCOMPILER_GROUP_SEARCH_COUNT and GLOG_v, when set,
                                         are passed on to the tool
  compare --npu PATH --golden PATH [--model MODEL [--weights FILE]] [--fusion-rule JSON]
          [--info FILE] [--json | --csv FILE] [--thresholds METRIC=N,…]
                                         compare NPU dump data with golden data (folders or
                                         .npy/.npz/.bin/.dat files): per tensor cosine, errors,
                                         KL; rows in the model's order, the first bad layer;
                                         exit 1 when a tensor fails (default bounds: cosine>0.99,
                                         relativeEuclidean<0.05)
  (--hosts defaults to .vscode/npu-deploy-hosts.json)
  log FILE [--json]                      read a captured vendor tool log (compilers, bmrt_test,
                                         bmodel info, TPU-MLIR, npz_tool, atc, msame, ais_bench,
                                         msaccucmp): tool, verdict, errors and warnings explained;
                                         exit 0 success, 1 failure, 4 log stops before a verdict

--debug  on an internal error (exit 70), print its stack too

exit status: 0 success, 1 bad input (convert: arguments rejected or the tool failed; compare: a
             tensor failed), 2 bad usage, 3 host unreachable (hosts, convert), 4 incomplete log (log),
             130 interrupted (convert), 70 internal error`;

export async function main(argv: string[]): Promise<number> {
  // --debug is global: accepted before or after the command.
  const debug = argv.includes('--debug');
  const [command, ...rest] = argv.filter((a) => a !== '--debug');
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(`${usage}\n`);
    return command ? 0 : EXIT_USAGE;
  }
  const load = Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (!load) {
    process.stderr.write(`npu-deploy: unknown command '${command}'\n${usage}\n`);
    return EXIT_USAGE;
  }
  try {
    return await (await load())(rest);
  } catch (e) {
    const { status, text } = failure(e, command, debug);
    process.stderr.write(text);
    return status;
  }
}

if (require.main === module) {
  const fail = (e: unknown) => {
    const { status, text } = failure(e, '', process.argv.includes('--debug'));
    process.stderr.write(text);
    return status;
  };
  // A reader of our output that stops early (`npu-deploy info m --json | head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? (process.exitCode ?? 0) : fail(e)));
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => (process.exitCode = fail(e)),
  );
}
