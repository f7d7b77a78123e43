// Where a JSON text stops being JSON. JSON.parse says only "Unexpected token" (and, in Node 20,
// often no position), so when it refuses a program this scanner walks the text once more to find
// the first bad character and say what was expected there. Iterative (a stack of open
// containers), linear, and run only on the failure path.

import { t } from '../../l10n';

export interface JsonSyntaxProblem {
  /** Character offset of the first character that cannot be there (the text's length when it ends early). */
  offset: number;
  detail: string;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  let pos = 0;
  const n = text.length;
  // 0x7b '{' or 0x5b '[' per open container.
  const stack: number[] = [];
  const skip = () => {
    while (pos < n && WS.has(text.charCodeAt(pos))) pos++;
  };
  // A file cut inside a number or a literal (`1.`, `tr`) ends early too.
  const endsEarly = () => pos >= n || (n - pos < 400 && /^[\w.+-]*\s*$/.test(text.slice(pos)));
  const problem = (detail: string): JsonSyntaxProblem => ({ offset: pos, detail: endsEarly() ? t('the file ends early ({0}): truncated', detail) : detail });
  const found = () => (pos < n ? JSON.stringify(text[pos]) : t('the end of the file'));

  const scanString = (): JsonSyntaxProblem | undefined => {
    pos++;
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        pos++;
        return undefined;
      }
      if (c < 0x20) return problem(t('a control character inside a string'));
      if (c === 0x5c) {
        const e = text[pos + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) return problem(t('a bad \\u escape in a string'));
          pos += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) pos += 2;
        else return problem(t('a bad escape in a string'));
      } else pos++;
    }
    return problem(t('inside a string'));
  };

  const scanValue = (): JsonSyntaxProblem | undefined | 'open' => {
    skip();
    const c = text[pos];
    if (c === '{' || c === '[') {
      stack.push(text.charCodeAt(pos));
      pos++;
      return 'open';
    }
    if (c === '"') return scanString();
    const literal = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(pos, pos + 400));
    if (!literal) return problem(t('expected a value, found {0}', found()));
    pos += literal[0].length;
    return undefined;
  };

  // After a value or an opened container: what may follow depends on the innermost container.
  let first = scanValue();
  if (first && first !== 'open') return first;
  let justOpened = first === 'open';
  for (;;) {
    skip();
    if (stack.length === 0) return pos < n ? problem(t('text after the end of the document: {0}', found())) : undefined;
    const inObject = stack[stack.length - 1] === 0x7b;
    const close = inObject ? '}' : ']';
    if (text[pos] === close) {
      stack.pop();
      pos++;
      justOpened = false;
      continue;
    }
    if (!justOpened) {
      if (text[pos] !== ',') return problem(inObject ? t('expected "," or "}" after a member, found {0}', found()) : t('expected "," or "]" after an element, found {0}', found()));
      pos++;
      skip();
    }
    if (inObject) {
      if (text[pos] !== '"') return problem(t('expected a member name in quotes, found {0}', found()));
      const bad = scanString();
      if (bad) return bad;
      skip();
      if (text[pos] !== ':') return problem(t('expected ":" after a member name, found {0}', found()));
      pos++;
    }
    first = scanValue();
    if (first && first !== 'open') return first;
    justOpened = first === 'open';
  }
}

/** 1-based line and column of a character offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
