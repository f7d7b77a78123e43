// A folder that stands for a vendor SDK install: shell wrappers named bmnetc, atc, bmrt_test,
// msame, bm-smi, npu-smi … in bin/, Python packages bmpaddle, bmnetp … (`python3 -m bmpaddle`) in
// python/, each running test/simulators/toolSimulator.js, and an envsetup.sh that puts them on
// PATH and PYTHONPATH the way the vendors' envsetup scripts do. sim.env, sourced by envsetup.sh,
// carries the simulators' settings (NPU_SIM_SECONDS …) to tools started on the SSH host.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const simulator = path.resolve(__dirname, '..', 'simulators', 'toolSimulator.js');
const WRAPPED_TOOLS = ['bmnetc', 'bmnetd', 'atc', 'bmrt_test', 'msame', 'bm-smi', 'npu-smi', 'paddle2onnx'];
const PYTHON_TOOLS = ['bmpaddle', 'bmnetp', 'bmneto', 'bmnett', 'bmnetm'];

export interface SimulatedSdk {
  /** The host's setup line: `source <sdk>/envsetup.sh`. */
  setup: string;
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
  for (const tool of WRAPPED_TOOLS.filter((name) => !without.includes(name))) {
    writeFileSync(path.join(bin, tool), `#!/bin/sh\nexec '${process.execPath}' '${simulator}' ${tool} "$@"\n`, { mode: 0o755 });
  }
  for (const tool of PYTHON_TOOLS) {
    mkdirSync(path.join(python, tool), { recursive: true });
    writeFileSync(path.join(python, tool, '__init__.py'), '');
    const argv = [process.execPath, simulator, tool].map((a) => JSON.stringify(a)).join(', ');
    writeFileSync(path.join(python, tool, '__main__.py'), `import os, sys\nos.execv(${JSON.stringify(process.execPath)}, [${argv}] + sys.argv[1:])\n`);
  }
  const simEnv = path.join(dir, 'sim.env');
  writeFileSync(simEnv, '');
  writeFileSync(path.join(dir, 'envsetup.sh'), `export PATH="${bin}:$PATH"\nexport PYTHONPATH="${python}"\n. "${simEnv}"\n`);
  return {
    setup: `source ${dir}/envsetup.sh`,
    bin,
    python,
    setSimEnv(env) {
      writeFileSync(simEnv, Object.entries(env).map(([k, v]) => `export ${k}='${v.replace(/'/g, `'\\''`)}'\n`).join(''));
    },
  };
}
