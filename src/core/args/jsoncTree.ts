// A JSON-with-comments document (tasks.json) read as a tree that keeps where each value is
// written: the task checks place their diagnostics on the characters of a string value. Comments
// and trailing commas are allowed, as VS Code allows them; a syntax error leaves the document
// unread (the editor's own JSON support reports it, and the next edit is read again).

export type JsonNode =
  | { kind: 'object'; start: number; end: number; properties: { key: string; value: JsonNode }[] }
  | { kind: 'array'; start: number; end: number; items: JsonNode[] }
  | { kind: 'string'; start: number; end: number; value: string; /** Source offset of each character of value, one more after the last. */ at: number[] }
  | { kind: 'other'; start: number; end: number };

class Stop extends Error {}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** The document's top value, or undefined when it does not start as JSON. */
export function readJsonc(text: string): JsonNode | undefined {
  let i = 0;
  const blank = () => {
    for (;;) {
      while (i < text.length && /\s/.test(text[i])) i++;
      if (text.startsWith('//', i)) i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
      else if (text.startsWith('/*', i)) i = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 2;
      else return;
    }
  };
  const str = (): JsonNode & { kind: 'string' } => {
    const start = i++;
    let value = '';
    const at: number[] = [];
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\n') throw new Stop();
      at.push(i);
      if (text[i] === '\\') {
        const e = text[i + 1];
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else if (e !== undefined && e in ESCAPES) {
          value += ESCAPES[e];
          i += 2;
        } else throw new Stop();
      } else value += text[i++];
    }
    if (i >= text.length) throw new Stop();
    at.push(i);
    i++;
    return { kind: 'string', start, end: i, value, at };
  };
  const value = (): JsonNode => {
    blank();
    const start = i;
    const c = text[i];
    if (c === '"') return str();
    if (c === '{') {
      i++;
      const properties: { key: string; value: JsonNode }[] = [];
      for (;;) {
        blank();
        if (text[i] === '}') break;
        if (text[i] !== '"') throw new Stop();
        const key = str().value;
        blank();
        if (text[i++] !== ':') throw new Stop();
        properties.push({ key, value: value() });
        blank();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') throw new Stop();
      }
      i++;
      return { kind: 'object', start, end: i, properties };
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      for (;;) {
        blank();
        if (text[i] === ']') break;
        items.push(value());
        blank();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') throw new Stop();
      }
      i++;
      return { kind: 'array', start, end: i, items };
    }
    const m = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 40));
    if (!m) throw new Stop();
    i += m[0].length;
    return { kind: 'other', start, end: i };
  };
  try {
    return value();
  } catch (e) {
    if (e instanceof Stop) return undefined;
    throw e;
  }
}

/** The value of `key` in an object node. */
export function property(node: JsonNode | undefined, key: string): JsonNode | undefined {
  return node?.kind === 'object' ? node.properties.find((p) => p.key === key)?.value : undefined;
}
