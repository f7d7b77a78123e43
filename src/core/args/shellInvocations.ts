// Compiler calls in a shell script: `python3 -m bmpaddle …`, `bmnetc …`, `bmnetu …`, `atc …`,
// `calibration_use_pb quantize …`, after any `VAR=value`, `sudo`, `time` or `if` before them,
// with their arguments read as options.

import { toolNamed, type Invocation, type OptionUse } from './invocation';
import type { ToolSpec } from './optionSpec';
import { scanShell, slicePiece, type Word } from './shellWords';

/** Words that may stand before the program without being it. */
const PREFIXES = new Set(['if', 'then', 'do', 'else', 'elif', 'while', 'until', '!', '{', '}', 'time', 'sudo', 'nohup', 'exec', 'command', 'env', 'eval']);
const NATIVE = new Set(['bmnetc', 'bmnetd', 'bmnetu', 'atc']);
const PYTHON = /^python(\d+(\.\d+)?)?$/;
/** Hyphen-like characters people paste from documents: en dash, em dash, minus sign, others. */
export const DASHES = /^[-\u2010-\u2015\u2212]+/;
const OPTION = /^([-\u2010-\u2015\u2212]+)([A-Za-z_][A-Za-z0-9_.-]*)/;

const basename = (word: string) => word.slice(word.lastIndexOf('/') + 1);

export function shellInvocations(source: string): Invocation[] {
  const found: Invocation[] = [];
  for (const words of scanShell(source)) {
    let i = 0;
    while (i < words.length && !words[i].unknown && (PREFIXES.has(words[i].text) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i].text) || (i > 0 && words[i - 1].text === 'env' && words[i].text.startsWith('-')))) i++;
    const program = words[i];
    if (!program || program.unknown) continue;
    const name = basename(program.text);
    let tool: ToolSpec | undefined;
    let argsFrom = i + 1;
    let end = program.end;
    if (NATIVE.has(name)) tool = toolNamed(name);
    else if (name === 'calibration_use_pb' && words[i + 1]?.text === 'quantize') {
      tool = toolNamed(name);
      argsFrom = i + 2;
      end = words[i + 1].end;
    } else if (PYTHON.test(name)) {
      // python3 [-u …] -m bmpaddle
      let k = i + 1;
      while (k < words.length && words[k].text !== '-m' && words[k].text.startsWith('-')) k++;
      const module = words[k + 1];
      if (words[k]?.text === '-m' && module && !module.unknown) {
        const candidate = toolNamed(module.text);
        if (candidate?.family === 'bmnet') {
          tool = candidate;
          argsFrom = k + 2;
          end = module.end;
        }
      }
    }
    if (!tool) continue;
    found.push(readOptions(tool, program.start, end, words.slice(argsFrom)));
  }
  return found;
}

function takesValue(spec: ToolSpec, name: string): boolean {
  return spec.options.get(name)?.kind !== 'flag';
}

/** The options of one call from its argument words (a script's, or a task's args, one word each). */
export function readOptions(tool: ToolSpec, start: number, end: number, args: Word[]): Invocation {
  const options: OptionUse[] = [];
  let opaque = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const m = OPTION.exec(word.text);
    const after = m ? word.text[m[0].length] : undefined;
    // Not an option (a positional, "$@", a negative number), or a name built from an expansion.
    if (!m || (after !== undefined && after !== '=')) {
      opaque = true;
      continue;
    }
    const [, dashes, name] = m;
    const previousEnd = i > 0 ? args[i - 1].end : end;
    const use: OptionUse = { name, dashes, start: word.at[0], end: word.at[m[0].length - 1] + 1, wholeStart: previousEnd, wholeEnd: word.end, spec: tool.options.get(name) };
    if (after === '=') use.value = slicePiece(word, m[0].length + 1, word.text.length);
    else if (takesValue(tool, name)) {
      const next = args[i + 1];
      const kind = use.spec?.kind;
      const nextIsValue = next && (next.unknown || !OPTION.test(next.text) || /^-\d/.test(next.text));
      // A boolean given bare (`-cmp`) is true to gflags; only a boolean word after it is its value.
      const boolWord = next && (next.unknown || /^(true|false|1|0)$/i.test(next.text));
      // Python front ends (argparse) always read the word after a boolean as its value.
      if (next && nextIsValue && (kind !== 'bool' || boolWord || !tool.singleDash)) {
        use.value = { text: next.text, at: next.at, unknown: next.unknown };
        use.wholeEnd = next.end;
        i++;
      }
    }
    options.push(use);
  }
  const last = args[args.length - 1];
  return { tool, syntax: 'shell', start, end, insertAt: last ? last.end : end, options, opaque };
}
