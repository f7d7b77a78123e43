// A folder that stands for a vendor SDK install: shell wrappers named bmnetc, atc, bmrt_test,
// bm-smi, npu-smi, npz_tool.py … in bin/ (msame in msame-bin/, msit / ait in debug-bin/), CANN's msaccucmp.py
// under toolkit/ (ASCEND_TOOLKIT_HOME), Python packages bmpaddle, bmnetp … (`python3 -m bmpaddle`) in
// python/, each running test/simulators/toolSimulator.js, and an envsetup.sh that puts them on
// PATH and PYTHONPATH the way the vendors' envsetup scripts do. sim.env, sourced by envsetup.sh,
// carries the simulators' settings (NPU_SIM_SECONDS …) to tools started on the SSH host.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const simulator = path.resolve(__dirname, '..', 'simulators', 'toolSimulator.js');
const WRAPPED_TOOLS = ['bmnetc', 'bmnetd', 'atc', 'bmrt_test', 'bm-smi', 'npu-smi', 'paddle2onnx', 'npz_tool.py'];
/** In a folder of their own: a host may have msit and ait or not (debugCliSetup puts them on PATH). */
const DEBUG_CLI_TOOLS = ['msit', 'ait'];
/** Where CANN keeps msaccucmp.py, below ASCEND_TOOLKIT_HOME (toolchains.md §7). */
export const MSACCUCMP_PATH = 'tools/operator_cmp/compare/msaccucmp.py';
const PYTHON_TOOLS = ['bmpaddle', 'bmnetp', 'bmneto', 'bmnett', 'bmnetm'];

export interface SimulatedSdk {
  /** The host's setup line: `source <sdk>/envsetup.sh`. */
  setup: string;
  /** The same, on a host that also has msit and ait (`msit debug compare`). */
  debugCliSetup: string;
  /** The same, on an Ascend host with `python3 -m ais_bench` and no msame. */
  aisBenchSetup: string;
  bin: string;
  python: string;
  /** Settings for the simulators from the next command on; {} clears them. */
  setSimEnv(env: Record<string, string>): void;
}

/** `without` leaves tools out, for a host that lacks one (paddle2onnx is not part of every SDK). */
export function writeSimulatedSdk(dir: string, { without = [] }: { without?: readonly string[] } = {}): SimulatedSdk {
  const bin = path.join(dir, 'bin');
  const python = path.join(dir, 'python');
  mkdirSync(bin, { recursive: true });
  const debugBin = path.join(dir, 'debug-bin');
  mkdirSync(debugBin, { recursive: true });
  for (const tool of [...WRAPPED_TOOLS, ...DEBUG_CLI_TOOLS].filter((name) => !without.includes(name))) {
    writeFileSync(path.join(DEBUG_CLI_TOOLS.includes(tool) ? debugBin : bin, tool), `#!/bin/sh\nexec '${process.execPath}' '${simulator}' ${tool} "$@"\n`, { mode: 0o755 });
  }
  // msame in a folder of its own, and ais_bench in a Python folder of its own: aisBenchSetup
  // leaves the one out and puts the other in.
  const msameBin = path.join(dir, 'msame-bin');
  mkdirSync(msameBin, { recursive: true });
  if (!without.includes('msame')) writeFileSync(path.join(msameBin, 'msame'), `#!/bin/sh\nexec '${process.execPath}' '${simulator}' msame "$@"\n`, { mode: 0o755 });
  const aisPython = path.join(dir, 'ais-python');
  for (const [tool, where] of [...PYTHON_TOOLS.map((p) => [p, python]), ['ais_bench', aisPython]]) {
    mkdirSync(path.join(where, tool), { recursive: true });
    writeFileSync(path.join(where, tool, '__init__.py'), '');
    const argv = [process.execPath, simulator, tool].map((a) => JSON.stringify(a)).join(', ');
    writeFileSync(path.join(where, tool, '__main__.py'), `import os, sys\nos.execv(${JSON.stringify(process.execPath)}, [${argv}] + sys.argv[1:])\n`);
  }
  // msaccucmp.py is run as `python3 <toolkit>/tools/operator_cmp/compare/msaccucmp.py`.
  const toolkit = path.join(dir, 'toolkit');
  mkdirSync(path.join(toolkit, path.dirname(MSACCUCMP_PATH)), { recursive: true });
  const cmpArgv = [process.execPath, simulator, 'msaccucmp.py'].map((a) => JSON.stringify(a)).join(', ');
  writeFileSync(path.join(toolkit, MSACCUCMP_PATH), `import os, sys\nos.execv(${JSON.stringify(process.execPath)}, [${cmpArgv}] + sys.argv[1:])\n`);
  const simEnv = path.join(dir, 'sim.env');
  writeFileSync(simEnv, '');
  writeFileSync(path.join(dir, 'envsetup.sh'), `export PATH="${bin}:${msameBin}:$PATH"\nexport PYTHONPATH="${python}"\nexport ASCEND_TOOLKIT_HOME="${toolkit}"\n. "${simEnv}"\n`);
  return {
    setup: `source ${dir}/envsetup.sh`,
    debugCliSetup: `source ${dir}/envsetup.sh && export PATH="${debugBin}:$PATH"`,
    aisBenchSetup: `source ${dir}/envsetup.sh && export PATH="${bin}:$(printf %s "$PATH" | sed 's|${msameBin}:||g')" && export PYTHONPATH="${aisPython}:$PYTHONPATH"`,
    bin,
    python,
    setSimEnv(env) {
      writeFileSync(simEnv, Object.entries(env).map(([k, v]) => `export ${k}='${v.replace(/'/g, `'\\''`)}'\n`).join(''));
    },
  };
}
