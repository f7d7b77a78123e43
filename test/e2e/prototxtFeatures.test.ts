// Prototxt language features through the real language server (dist/server.js over stdio):
// outline (a symbol per layer), go to definition from a bottom to the layer that writes it,
// references of a blob version, hover on a blob with its inferred shape, rename of a blob.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ifFullCorpus, sharedModel } from '../support/corpus';
import { LspClient, rangeOf, type Range } from '../support/lspClient';
import { sharedModelsRoot } from '../support/paths';
import { assertDeepEqualShowingAll } from '../support/showAll';


const net = [
  'name: "Small"',
  'input: "data"',
  'input_shape { dim: 1 dim: 3 dim: 32 dim: 32 }',
  'layer {',
  '  name: "conv1"',
  '  type: "Convolution"',
  '  bottom: "data"',
  '  top: "conv1"',
  '  convolution_param { num_output: 8 kernel_size: 3 pad: 1 }',
  '}',
  'layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }',
  'layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }',
  '',
].join('\n');

interface Location { uri: string; range: Range }
interface Symbol { name: string; detail: string; kind: number; range: Range; selectionRange: Range }

async function withDocument<T>(uri: string, text: string, body: (client: LspClient) => Promise<T>): Promise<T> {
  const client = new LspClient();
  try {
    const init = await client.initialize();
    assert.deepEqual([init.capabilities.documentSymbolProvider, init.capabilities.definitionProvider, init.capabilities.referencesProvider, init.capabilities.renameProvider], [true, true, true, { prepareProvider: true }]);
    await client.open(uri, 'caffe-prototxt', text);
    return await body(client);
  } finally {
    client.stop();
  }
}

const uri = 'file:///tmp/small.prototxt';
const doc = { textDocument: { uri } };
const locations = (ls: Location[]) => ls.map((l) => [l.uri, l.range]);

describe('prototxt language features (dist/server.js over stdio)', () => {
  it('outlines one symbol per layer, selecting its name', async () => {
    await withDocument(uri, net, async (client) => {
      const symbols = await client.request<Symbol[]>('textDocument/documentSymbol', doc);
      assertDeepEqualShowingAll(symbols.map((s) => [s.name, s.detail, s.selectionRange, s.range.start.line, s.range.end.line]), [
        ['conv1', 'Convolution', rangeOf(net, 'conv1'), 3, 9],
        ['relu1', 'ReLU', rangeOf(net, 'relu1'), 10, 10],
        ['pool1', 'Pooling', rangeOf(net, 'pool1'), 11, 11],
      ], 'symbols', symbols);
    });
  });

  it('goes from a bottom to the top that writes its version, or to the net input', async () => {
    await withDocument(uri, net, async (client) => {
      const definition = (r: Range) => client.request<Location[]>('textDocument/definition', { ...doc, position: r.start });
      // relu1 reads conv1 as conv1 wrote it; pool1 reads the version relu1 wrote in place.
      assert.deepEqual(locations(await definition(rangeOf(net, 'conv1', 3))), [[uri, rangeOf(net, 'conv1', 2)]]);
      assert.deepEqual(locations(await definition(rangeOf(net, 'conv1', 5))), [[uri, rangeOf(net, 'conv1', 4)]]);
      assert.deepEqual(locations(await definition(rangeOf(net, 'data', 2))), [[uri, rangeOf(net, 'data', 1)]]);
    });
  });

  it('finds the references of a blob version, with or without where it is written', async () => {
    await withDocument(uri, net, async (client) => {
      const references = (r: Range, includeDeclaration: boolean) => client.request<Location[]>('textDocument/references', { ...doc, position: r.start, context: { includeDeclaration } });
      assert.deepEqual(locations(await references(rangeOf(net, 'conv1', 2), true)), [[uri, rangeOf(net, 'conv1', 2)], [uri, rangeOf(net, 'conv1', 3)]]);
      assert.deepEqual(locations(await references(rangeOf(net, 'conv1', 4), false)), [[uri, rangeOf(net, 'conv1', 5)]]);
    });
  });

  it('shows a blob\'s inferred shape, its writer and its readers on hover', async () => {
    await withDocument(uri, net, async (client) => {
      const hover = await client.request<{ contents: { value: string }; range: Range }>('textDocument/hover', { ...doc, position: rangeOf(net, 'pool1', 2).start });
      assert.equal(hover.contents.value, '**pool1**: [1, 8, 16, 16] float32\n\nWritten by layer pool1 (Pooling)\n\nRead by 0 layers');
      assert.deepEqual(hover.range, rangeOf(net, 'pool1', 2));
      const input = await client.request<{ contents: { value: string } }>('textDocument/hover', { ...doc, position: rangeOf(net, 'data', 2).start });
      assert.equal(input.contents.value, '**data**: [1, 3, 32, 32] float32\n\nAn input of the net\n\nRead by 1 layers');
    });
  });

  it('shows a layer\'s tensors and their shapes on hover over its type', async () => {
    await withDocument(uri, net, async (client) => {
      const hover = await client.request<{ contents: { value: string }; range: Range }>('textDocument/hover', { ...doc, position: rangeOf(net, 'Pooling').start });
      assert.equal(hover.contents.value, '**Pooling** pool1\n\nIn: conv1 [1, 8, 32, 32]\n\nOut: pool1 [1, 8, 16, 16]');
      assert.deepEqual(hover.range, rangeOf(net, 'Pooling'));
    });
  });

  it('renames a blob everywhere it is written, leaving layer names alone', async () => {
    await withDocument(uri, net, async (client) => {
      const position = rangeOf(net, 'conv1', 3).start;
      const prepared = await client.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', { ...doc, position });
      assert.deepEqual(prepared, { range: rangeOf(net, 'conv1', 3), placeholder: 'conv1' });
      const edit = await client.request<{ changes: Record<string, { range: Range; newText: string }[]> }>('textDocument/rename', { ...doc, position, newName: 'features' });
      assert.deepEqual(edit.changes[uri], [2, 3, 4, 5].map((n) => ({ range: rangeOf(net, 'conv1', n), newText: 'features' })));
      await assert.rejects(client.request('textDocument/rename', { ...doc, position, newName: 'two words' }), /a blob name cannot be empty or hold spaces/);
    });
  });

  it('completes field names and enum values from caffe.proto', async () => {
    await withDocument(uri, net, async (client) => {
      const typed = net.replace('pool: MAX', 'pool: ');
      client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: typed }] });
      const position = rangeOf(typed, 'pool: ').end;
      const values = await client.request<{ label: string; textEdit: { newText: string; range: Range } }[]>('textDocument/completion', { ...doc, position });
      assert.deepEqual(values.map((c) => c.label), ['MAX', 'AVE', 'STOCHASTIC']);
      assert.deepEqual(values[0].textEdit, { newText: 'MAX', range: { start: position, end: position } });
    });
  });

  ifFullCorpus(it)('outlines a real LeNet as its reference lists the layers', async () => {
    const file = sharedModel('caffe', 'lenet_bvlc', 'lenet.prototxt');
    const reference = JSON.parse(readFileSync(path.join(sharedModelsRoot, 'lenet_bvlc.reference.json'), 'utf8')).entries[0];
    await withDocument(`file://${file}`, readFileSync(file, 'utf8'), async (client) => {
      const symbols = await client.request<Symbol[]>('textDocument/documentSymbol', { textDocument: { uri: `file://${file}` } });
      assert.deepEqual(symbols.map((s) => [s.name, s.detail]), reference.layers.map((l: { name: string; type: string }) => [l.name, l.type]));
    });
  });
});
