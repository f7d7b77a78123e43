// The Ascend route of a compare job (../shared/toolchains.md §7–9), run in the job frame of
// vendorCompareJob.ts: an .om with a golden folder of framework dumps. `msit debug compare` (or
// `ait debug compare`) when the host has it and the original model is known; else the om run with
// `msame --dump true` (or `python3 -m ais_bench --dump 1` on a host without msame), the fusion
// rule made by `atc --mode=1`, and `msaccucmp.py compare` of the dump against the golden folder.
import * as path from 'node:path';
import type { Host } from '../hosts/host';
import { filesDigest } from '../hosts/localFiles';
import { shellLine, shellQuote as q } from '../hosts/shellQuote';
import { ArgumentsRejected } from '../convert/toolArgs';
import { isDirectory } from '../io/fileAccess';
import { nodeFileAccess } from '../io/nodeFileAccess';
import { t } from '../l10n';
import type { CompareRoute, ToolChoice, VendorCompareRequest } from './vendorCompareJob';

/** Where CANN keeps msaccucmp.py, below the toolkit (ASCEND_TOOLKIT_HOME, set by CANN's set_env.sh). */
const MSACCUCMP = '"${ASCEND_TOOLKIT_HOME:-/usr/local/Ascend/ascend-toolkit/latest}/tools/operator_cmp/compare/msaccucmp.py"';

/** What runs the om with dumping on for msaccucmp: msame, or ais_bench where msame is not installed. */
type Dumper = 'msame' | 'ais_bench';

/** The om, the original model (when given) and the golden folder, checked here before any host is asked. */
export async function ascendRoute(request: VendorCompareRequest, model: string): Promise<CompareRoute> {
  if (!request.golden) throw new ArgumentsRejected(t('comparing {0} needs a golden folder: the framework\'s dump (.npy files) or a sub-model export\'s dump_data', path.basename(model)));
  const files = await goldenFiles(path.resolve(request.golden));
  const modelFiles = [model];
  if (request.original) modelFiles.push(path.resolve(request.original.model), ...(request.original.weights ? [path.resolve(request.original.weights)] : []));
  const names = modelFiles.map((f) => path.basename(f));
  if (new Set(names).size !== names.length) throw new ArgumentsRejected(t('the offline model and the original model must have different file names: {0}', names.join(', ')));
  // Paths relative to the job folder, where the uploads land.
  const om = `model/${path.basename(model)}`;
  const original = request.original ? { model: `model/${path.basename(request.original.model)}`, weights: request.original.weights ? `model/${path.basename(request.original.weights)}` : undefined } : undefined;
  return {
    uploads: { model: modelFiles },
    golden: { files, digest: (await filesDigest(files)).slice(0, 24) },
    async chooseTool(host, goldenDir, signal): Promise<ToolChoice> {
      const found = await ascendTool(host, original !== undefined, goldenDir!, signal);
      if (!found.tool) return { goldenPresent: found.goldenPresent, missing: t('host {0} has neither msit, ait, msame nor ais_bench after the setup line', request.host.name) };
      const line = found.tool === 'msaccucmp' ? msaccucmpLine(om, goldenDir!, found.dumper) : shellLine([found.tool, 'debug', 'compare', '-gm', original!.model, ...(original!.weights ? ['-w', original!.weights] : []), '-om', om, '-gp', goldenDir!, '-o', 'out']);
      return { tool: found.tool, goldenPresent: found.goldenPresent, line };
    },
    // msit, ait and msaccucmp.py all name their CSV by the time they wrote it.
    resultCsv: /(^|\/)result_\d{14}\.csv$/,
    analyser: analyserVerdict,
  };
}

/** The regular files directly in the golden folder (a dump_data/ folder's converted inputs below it are not golden dumps). */
async function goldenFiles(folder: string): Promise<string[]> {
  if (!(await isDirectory(nodeFileAccess, folder))) throw new ArgumentsRejected(t('{0}: no such folder', folder));
  const files: string[] = [];
  for (const name of (await nodeFileAccess.list(folder)).sort()) {
    const stat = await nodeFileAccess.stat(path.join(folder, name));
    if (stat.kind === 'file') files.push(path.join(folder, name));
  }
  if (files.length === 0) throw new ArgumentsRejected(t('{0} holds no dump files', folder));
  return files;
}

/**
 * msit or ait when the host has one and the original model is known, else a dump by msame (or
 * ais_bench) for msaccucmp; and, in the same round trip, whether the golden folder is on the
 * host already.
 */
async function ascendTool(host: Host, withOriginal: boolean, goldenDir: string, signal?: AbortSignal): Promise<{ tool?: 'msit' | 'ait' | 'msaccucmp'; goldenPresent: boolean; dumper: Dumper }> {
  let found = '';
  const clis = withOriginal ? 'msit ait ' : '';
  const golden = `if [ -f ${q(`${goldenDir}/.complete`)} ]; then echo golden-present; fi`;
  const ais = `if python3 -c 'import ais_bench' >/dev/null 2>&1; then echo ais_bench; exit 0; fi`;
  await host.run(`${golden}; for c in ${clis}msame; do if command -v "$c" >/dev/null 2>&1; then echo "$c"; exit 0; fi; done; ${ais}; echo none`, { signal, onStdout: (s) => (found += s) });
  const lines = found.trim().split('\n');
  const name = lines[lines.length - 1];
  const goldenPresent = lines.includes('golden-present');
  if (name === 'msit' || name === 'ait') return { tool: name, goldenPresent, dumper: 'msame' };
  if (name === 'msame' || name === 'ais_bench') return { tool: 'msaccucmp', goldenPresent, dumper: name };
  return { goldenPresent, dumper: 'msame' };
}

/** The dump, the fusion rule and msaccucmp.py's compare, in the job folder; results go to out/. */
function msaccucmpLine(om: string, goldenDir: string, dumper: Dumper): string {
  const json = `out/${path.posix.basename(om, '.om')}.json`;
  const noDump = t('{0} wrote no dump files: is dumping allowed on this device?', dumper);
  const msameFailed = t('msame did not run the model (see its [ERROR] lines above)');
  // msame exits 0 after most errors (§9): its own success line is what says it ran.
  const dump =
    dumper === 'msame'
      ? [`${shellLine(['msame', '--model', om, '--output', 'out/npu', '--dump', 'true'])} 2>&1 | tee out/msame.log`, `grep -q 'Execute sample success' out/msame.log || { echo ${q(msameFailed)} >&2; exit 1; }`]
      : [shellLine(['python3', '-m', 'ais_bench', '--model', om, '--output', 'out/npu', '--dump', '1'])];
  // Dump files are found by their name (§7.4), wherever below the output the runner put them.
  const dumpFile = `find out/npu -type f 2>/dev/null | grep -E '/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[0-9]+(\\.[0-9]+)?\\.[0-9]+$' | head -n 1`;
  return [
    shellLine(['atc', '--mode=1', `--om=${om}`, `--json=${json}`]),
    ...dump,
    `d=$(${dumpFile}); [ -n "$d" ] || { echo ${q(noDump)} >&2; exit 1; }`,
    `python3 ${MSACCUCMP} compare -m "$(dirname "$d")" -g ${q(goldenDir)} -f ${q(json)} -out out`,
  ].join(' && ');
}

/** msit's analyser report: the line after `Analyser call parameter`, or the table that follows it. */
export function analyserVerdict(log: string): string | undefined {
  const lines = log.split(/\r?\n/);
  const at = lines.findIndex((l) => /Analyser call parameter/.test(l));
  if (at < 0) return undefined;
  const rest = lines.slice(at + 1);
  const none = rest.find((l) => /None operator with accuracy issue reported/.test(l));
  if (none) return none.replace(/^\[INFO\]\s*/, '').trim();
  const table = rest.filter((l) => /^\s*\|/.test(l) || /Operators may lead to inaccuracy/.test(l));
  return table.length > 0 ? table.map((l) => l.replace(/^\[INFO\]\s*/, '')).join('\n') : undefined;
}
