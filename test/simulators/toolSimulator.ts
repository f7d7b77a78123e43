// The vendor tools' stand-in, for tests only (never shipped: test/ is outside the VSIX): the test
// SSH host puts small shell wrappers named bmnetc, atc, bmrt_test, msame, bm-smi, npu-smi, msit,
// ait, npz_tool.py … on its PATH, msaccucmp.py where CANN keeps it,
// and a `python3 -m bmpaddle` package on its PYTHONPATH, each running
// `node toolSimulator.js <tool> ARGS…`. Environment: NPU_SIM_SECONDS (time the work takes),
// NPU_SIM_FAIL (compile | cmp), NPU_SIM_PIDS (file for the pids of the tool and its child),
// NPU_SIM_DEVICE=none (no device for bm-smi / npu-smi).
import { runAisBench } from './aisBenchSim';
import { runAtc } from './atcSim';
import { BMNET_TOOLS, runBmnet } from './bmnetSim';
import { runBmrtTest } from './bmrtTestSim';
import { runMsaccucmp } from './msaccucmpSim';
import { runMsame } from './msameSim';
import { runMsit } from './msitSim';
import { runNpzTool } from './npzToolSim';
import { runPaddle2onnx } from './paddle2onnxSim';
import { runBmSmi, runNpuSmi } from './smiSim';

export const SIMULATED_TOOLS = [...BMNET_TOOLS, 'atc', 'bmrt_test', 'msame', 'bm-smi', 'npu-smi', 'paddle2onnx', 'msaccucmp.py', 'msit', 'ait', 'npz_tool.py', 'ais_bench'];

async function main(tool: string, args: string[]): Promise<number> {
  if (BMNET_TOOLS.includes(tool)) return runBmnet(tool, args);
  switch (tool) {
    case 'atc':
      return runAtc(args);
    case 'bmrt_test':
      return runBmrtTest(args);
    case 'msame':
      return runMsame(args);
    case 'bm-smi':
      return runBmSmi();
    case 'npu-smi':
      return runNpuSmi(args);
    case 'paddle2onnx':
      return runPaddle2onnx(args);
    case 'msaccucmp.py':
      return runMsaccucmp(args);
    case 'msit':
    case 'ait':
      return runMsit(tool, args);
    case 'npz_tool.py':
      return runNpzTool(args);
    case 'ais_bench':
      return runAisBench(args);
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
