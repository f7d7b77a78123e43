// The language server process as the extension starts it (dist/server.js), spoken to over stdio
// with plain LSP messages: the Caffe reader's errors and warnings on prototxt text as
// diagnostics, in English and, translated by core with the zh-cn bundle, in Chinese.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LspClient, type LspDiagnostic as Diagnostic } from '../support/lspClient';
import { assertDeepEqualShowingAll } from '../support/showAll';

/** Opens each text as its own document in one server and returns their diagnostics, in order. */
async function diagnose(locale: string, ...texts: string[]): Promise<Diagnostic[][]> {
  return diagnoseAt(locale, texts.map((text, i) => [`file:///tmp/doc${i}.prototxt`, text]));
}

/** Opens each (uri, text) as a document in one server and returns their diagnostics, in order. */
async function diagnoseAt(locale: string, documents: [uri: string, text: string][]): Promise<Diagnostic[][]> {
  const client = new LspClient();
  try {
    const init = (await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { locale } })) as { capabilities: { textDocumentSync: number } };
    assert.equal(init.capabilities.textDocumentSync, 2);
    client.notify('initialized', {});
    const results: Diagnostic[][] = [];
    for (const [uri, text] of documents) {
      const published = client.diagnostics(uri);
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'caffe-prototxt', version: 1, text } });
      results.push(await published);
    }
    return results;
  } finally {
    client.stop();
  }
}

/** Code, 0-based start line and character, end character, severity (1 error, 2 warning, 3 information). */
const placed = (diags: Diagnostic[]) => diags.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character, d.severity]);

// One syntax error each, where the reader found it (prototxtRecovery.test.ts has files with several).
const unterminated = 'name: "Broken"\nlayer {\n  name: "conv1\n  type: "Convolution"\n}\n';
const strayBrace = 'name: "Stray"\nlayer {\n  name: "a"\n  type: "ReLU"  # a } in a comment is not a brace\n}\n}\n';
// Parses, with a field no schema knows (a warning) and a known SSD-fork field (information).
const forked = [
  'name: "Fork"',
  'input: "data"',
  'input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }',
  'layer {',
  '  name: "up"',
  '  type: "Upsample"',
  '  bottom: "data"',
  '  top: "up"',
  '  upsample_param { scale: 2 }',
  '}',
  'layer {',
  '  name: "prior"',
  '  type: "PriorBox"',
  '  bottom: "up"',
  '  bottom: "data"',
  '  top: "prior"',
  '  prior_box_param { min_size: 4 }',
  '}',
  '',
].join('\n');

describe('language server (dist/server.js over stdio)', () => {
  it('reports what the Caffe reader finds, at its place: syntax errors, unknown fields, fork extensions', async () => {
    const [string, brace, fork] = await diagnose('en', unterminated, strayBrace, forked);
    assertDeepEqualShowingAll(placed(string), [['caffe.syntax', 2, 8, 14, 1]], 'diagnostics', string);
    assert.equal(string[0].message, 'string is not closed on its line');
    assertDeepEqualShowingAll(placed(brace), [['caffe.syntax', 5, 0, 1, 1]], 'diagnostics', brace);
    assert.equal(brace[0].message, "unexpected '}': nothing to close here");
    assertDeepEqualShowingAll(placed(fork), [
      ['caffe.unknown-field', 8, 2, 16, 2],
      ['caffe.vendor-extension', 16, 2, 17, 3],
    ], 'diagnostics', fork);
    assert.equal(fork[0].message, "'upsample_param' is not a field of caffe.LayerParameter (a fork's extension?); kept as written");
    assert.equal(fork[1].message, "'prior_box_param' is an extension of the SSD Caffe fork; BVLC Caffe does not know it");
    assert.ok([...string, ...brace, ...fork].every((d) => d.source === 'npu-deploy'));
  });

  it('reports nothing for a well-formed prototxt', async () => {
    const [diags] = await diagnose('en', 'name: "Ok"\nlayer { name: "a" type: "ReLU" bottom: "x" top: "x" }\n');
    assertDeepEqualShowingAll(diags, [], 'diagnostics of a well-formed prototxt');
  });

  it('speaks Chinese when VS Code does: same codes and places, the zh-cn bundle\'s words, names kept', async () => {
    const [string, brace, fork] = await diagnose('zh-cn', unterminated, strayBrace, forked);
    assertDeepEqualShowingAll(placed(string), [['caffe.syntax', 2, 8, 14, 1]], 'diagnostics', string);
    assert.equal(string[0].message, '字符串没有在本行内闭合');
    assertDeepEqualShowingAll(placed(brace), [['caffe.syntax', 5, 0, 1, 1]], 'diagnostics', brace);
    assert.equal(brace[0].message, "多余的 '}'：此处没有需要闭合的块");
    assertDeepEqualShowingAll(placed(fork), [
      ['caffe.unknown-field', 8, 2, 16, 2],
      ['caffe.vendor-extension', 16, 2, 17, 3],
    ], 'diagnostics', fork);
    assert.equal(fork[0].message, "'upsample_param' 不是 caffe.LayerParameter 的字段（可能是某个 Caffe 分支版本的扩展？）；按原样保留");
    assert.equal(fork[1].message, "'prior_box_param' 是 SSD 版 Caffe 的扩展字段，BVLC Caffe 不支持");
  });

  it('reads documents whose URI names no local path (a UNC host, an encoded slash) and goes on serving', async () => {
    // Node's fileURLToPath rejects both on Linux; the server once threw inside its timer and exited.
    const results = await diagnoseAt('en', [
      ['file://server/share/net.prototxt', unterminated],
      ['file:///tmp/a%2Fb.prototxt', unterminated],
      ['file:///tmp/after.prototxt', unterminated],
    ]);
    for (const diags of results) assertDeepEqualShowingAll(placed(diags), [['caffe.syntax', 2, 8, 14, 1]], 'diagnostics', diags);
  });

  it('falls back to English for a locale without a bundle', async () => {
    const [[d]] = await diagnose('fr', unterminated);
    assert.equal(d.message, 'string is not closed on its line');
  });
});
