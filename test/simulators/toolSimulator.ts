// The vendor tools' stand-in, for tests only (never shipped: test/ is outside the VSIX): the test
// SSH host puts small shell wrappers named bmnetc, atc, bmrt_test, msame, bm-smi, npu-smi, msit,
// ait, npz_tool.py … on its PATH, msaccucmp.py where CANN keeps it,
// and a `python3 -m bmpaddle` package on its PYTHONPATH, each running
// `node toolSimulator.js <tool> ARGS…`. Environment: NPU_SIM_SECONDS (time the work takes),
// NPU_SIM_FAIL (compile | cmp), NPU_SIM_PIDS (file for the pids of the tool and its child),
// NPU_SIM_DEVICE=none (no device for bm-smi / npu-smi).
// Each simulator is loaded when its tool runs: a run starts one tool, and the others (with the
// readers some of them use) would only add to every tool's start-up.
import { BMNET_TOOLS, runBmnet } from './bmnetSim';

/** A simulator module, loaded now (require: the test build is CommonJS, which import() would not see into). */
function load<T>(module: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(module) as T;
}

export const SIMULATED_TOOLS = [...BMNET_TOOLS, 'atc', 'bmrt_test', 'msame', 'bm-smi', 'npu-smi', 'paddle2onnx', 'msaccucmp.py', 'msit', 'ait', 'npz_tool.py', 'ais_bench'];

async function main(tool: string, args: string[]): Promise<number> {
  if (BMNET_TOOLS.includes(tool)) return runBmnet(tool, args);
  switch (tool) {
    case 'atc':
      return load<typeof import('./atcSim')>('./atcSim').runAtc(args);
    case 'bmrt_test':
      return load<typeof import('./bmrtTestSim')>('./bmrtTestSim').runBmrtTest(args);
    case 'msame':
      return load<typeof import('./msameSim')>('./msameSim').runMsame(args);
    case 'bm-smi':
      return load<typeof import('./smiSim')>('./smiSim').runBmSmi();
    case 'npu-smi':
      return load<typeof import('./smiSim')>('./smiSim').runNpuSmi(args);
    case 'paddle2onnx':
      return load<typeof import('./paddle2onnxSim')>('./paddle2onnxSim').runPaddle2onnx(args);
    case 'msaccucmp.py':
      return load<typeof import('./msaccucmpSim')>('./msaccucmpSim').runMsaccucmp(args);
    case 'msit':
    case 'ait':
      return load<typeof import('./msitSim')>('./msitSim').runMsit(tool, args);
    case 'npz_tool.py':
      return load<typeof import('./npzToolSim')>('./npzToolSim').runNpzTool(args);
    case 'ais_bench':
      return load<typeof import('./aisBenchSim')>('./aisBenchSim').runAisBench(args);
  }
  process.stderr.write(`toolSimulator: no simulator for '${tool}'\n`);
  return 127;
}

if (require.main === module) {
  const [tool, ...args] = process.argv.slice(2);
  // SIGTERM ends a simulator as it ends a real tool (status 143); the default does the same.
  main(tool, args).then(
    (code) => process.stdout.write('', () => process.exit(code)),
    (e: unknown) => {
      process.stderr.write(`toolSimulator: ${String(e)}\n`);
      process.exit(70);
    },
  );
}
