// A prototxt with several syntax errors through the real language server (dist/server.js over
// stdio): every error shows at once, each on its token, and the language features keep working
// on the layers that did parse (outline, go to definition, hover with inferred shapes).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LspClient, rangeOf, type LspDiagnostic, type Range } from '../support/lspClient';
import { assertDeepEqualShowingAll } from '../support/showAll';

// Four mistakes: a value of the wrong type, a string left open, a stray token, a layer without its '}'.
const broken = [
  'name: "Recovering"',
  'input: "data"',
  'input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }',
  'layer {',
  '  name: "conv1"',
  '  type: "Convolution"',
  '  bottom: "data"',
  '  top: "conv1"',
  '  convolution_param { num_output: 4 kernel_size: 3 pad: 1 bias_term: maybe }',
  '}',
  'layer {',
  '  name: "relu1',
  '  type: "ReLU"',
  '  bottom: "conv1"',
  '  top: "conv1"',
  '}',
  'layer {',
  '  name: "pool1"',
  '  type: "Pooling"',
  '  bottom: "conv1" %% top: "pool1"',
  '  pooling_param { pool: MAX kernel_size: 2 stride: 2 }',
  'layer {',
  '  name: "fc"',
  '  type: "InnerProduct"',
  '  bottom: "pool1"',
  '  top: "fc"',
  '  inner_product_param { num_output: 10 }',
  '}',
  '',
].join('\n');

const uri = 'file:///tmp/recovering.prototxt';
const doc = { textDocument: { uri } };
interface Symbol { name: string; detail: string; range: Range; selectionRange: Range }
const shown = (ds: LspDiagnostic[]) => ds.map((d) => [d.code, d.severity, d.range, d.message]);

async function withBroken(body: (client: LspClient, diagnostics: LspDiagnostic[]) => Promise<void>, locale = 'en'): Promise<void> {
  const client = new LspClient();
  try {
    await client.initialize(locale);
    await body(client, await client.open(uri, 'caffe-prototxt', broken));
  } finally {
    client.stop();
  }
}

describe('prototxt with several syntax errors (dist/server.js over stdio)', () => {
  it('shows every syntax error at once, each on its token, in the order of the text, and nothing else', async () => {
    await withBroken(async (_client, diagnostics) => {
      assertDeepEqualShowingAll(shown(diagnostics), [
        ['caffe.syntax', 1, rangeOf(broken, 'maybe'), "field 'bias_term' takes true or false, found 'maybe'"],
        ['caffe.syntax', 1, rangeOf(broken, '"relu1'), 'string is not closed on its line'],
        ['caffe.syntax', 1, rangeOf(broken, '{', 5), "'{' is never closed"],
        ['caffe.syntax', 1, rangeOf(broken, '%'), "expected a field name, found '%'"],
      ], 'diagnostics', diagnostics);
    });
  });

  it('outlines, resolves and hovers the layers that parsed, shapes inferred through them', async () => {
    await withBroken(async (client) => {
      const symbols = await client.request<Symbol[]>('textDocument/documentSymbol', doc);
      assert.deepEqual(symbols.map((s) => [s.name, s.detail, s.range.start.line, s.range.end.line]), [
        ['conv1', 'Convolution', 3, 9],
        ['(unnamed layer)', 'ReLU', 10, 15],
        ['pool1', 'Pooling', 16, 20],
        ['fc', 'InnerProduct', 21, 27],
      ]);
      // fc reads pool1, written by the layer whose '}' is missing.
      const definition = await client.request<{ uri: string; range: Range }[]>('textDocument/definition', { ...doc, position: rangeOf(broken, 'pool1', 3).start });
      assert.deepEqual(definition, [{ uri, range: rangeOf(broken, 'pool1', 2) }]);
      // 8x8 → conv (pad 1, kernel 3) 8x8 with 4 channels → pool (2, stride 2) 4x4.
      const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { ...doc, position: rangeOf(broken, 'pool1', 3).start });
      assert.equal(hover.contents.value, '**pool1**: [1, 4, 4, 4] float32\n\nWritten by layer pool1 (Pooling)\n\nRead by 1 layers');
      const fc = await client.request<{ contents: { value: string } }>('textDocument/hover', { ...doc, position: rangeOf(broken, 'InnerProduct').start });
      assert.equal(fc.contents.value, '**InnerProduct** fc\n\nIn: pool1 [1, 4, 4, 4]\n\nOut: fc [1, 10]');
    });
  });

  it('refuses to rename a blob while part of the file does not parse', async () => {
    await withBroken(async (client) => {
      await assert.rejects(
        client.request('textDocument/rename', { ...doc, position: rangeOf(broken, 'pool1', 3).start, newName: 'pooled' }),
        /fix the syntax errors first/,
      );
    });
  });

  it('drops the errors the user fixed and keeps the rest, in Chinese too', async () => {
    await withBroken(async (client) => {
      const fixed = broken.replace('maybe', 'true').replace('"relu1', '"relu1"');
      const published = client.diagnostics(uri, 2);
      client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
      const diagnostics = await published;
      assertDeepEqualShowingAll(shown(diagnostics), [
        ['caffe.syntax', 1, rangeOf(fixed, '{', 5), "'{' 没有闭合"],
        ['caffe.syntax', 1, rangeOf(fixed, '%'), "此处应为字段名，实际为 '%'"],
      ], 'diagnostics', diagnostics);
    }, 'zh-cn');
  });
});
