// bmnetp and bmnetd against the files they are given, written by the test: TorchScript archives
// (traced, scripted, saved on a GPU, deflated by hand, a state_dict) and a darknet .cfg with
// Windows line endings, whose fix rewrites that file, not the script.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkScript } from '../../../src/core/args/checkScript';
import type { ArgDiagnostic } from '../../../src/core/args/argDiagnostic';
import { ModelService } from '../../../src/core/modelService';
import { writeStateDict, writeTorchScript } from '../../support/deployModels';
import { assertDeepEqualShowingAll } from '../../support/showAll';
import { tempDir } from '../../support/tempDir';

const placed = (ds: ArgDiagnostic[]) => ds.map((d) => [d.code, d.range.line, d.range.column, d.range.endColumn]);
const col = (text: string, piece: string) => [text.indexOf(piece) + 1, text.indexOf(piece) + 1 + piece.length];

async function check(dir: string, line: string): Promise<ArgDiagnostic[]> {
  return checkScript(path.join(dir, 'compile.sh'), `${line}\n`, { models: new ModelService() });
}

const bmnetp = (model: string) => `python3 -m bmnetp --model=${model} --shapes=[1,3,224,224] --net_name=n --target=BM1684`;

describe('bmnetp against the TorchScript archive it is given', () => {
  it('passes a traced CPU module, stored or deflated', async (t) => {
    const dir = tempDir(t);
    writeTorchScript(path.join(dir, 'traced.pt'), 'traced');
    writeTorchScript(path.join(dir, 'deflated.pt'), 'traced', 'cpu', true);
    for (const name of ['traced.pt', 'deflated.pt']) {
      const found = await check(dir, bmnetp(name));
      assertDeepEqualShowingAll(found, [], name, found);
    }
  });

  it('says a scripted module holds control flow and how to trace it', async (t) => {
    const dir = tempDir(t);
    writeTorchScript(path.join(dir, 'scripted.pt'), 'scripted');
    const line = bmnetp('scripted.pt');
    const found = await check(dir, line);
    assertDeepEqualShowingAll(placed(found), [['bmnetp.scripted-module', 1, ...col(line, 'scripted.pt')]], 'diagnostics', found);
    assert.match(found[0].message, /if bool\(torch\.gt\(torch\.sum\(x\), 0\)\): in net\/code\/__torch__\.py/);
    assert.match(found[0].message, /torch\.jit\.trace/);
  });

  it('finds a deflated scripted module too', async (t) => {
    const dir = tempDir(t);
    writeTorchScript(path.join(dir, 'scripted.pt'), 'scripted', 'cpu', true);
    const found = await check(dir, bmnetp('scripted.pt'));
    assert.deepEqual(found.map((d) => d.code), ['bmnetp.scripted-module']);
  });

  it('says a module saved on the GPU needs map_location=\'cpu\'', async (t) => {
    const dir = tempDir(t);
    writeTorchScript(path.join(dir, 'gpu.pt'), 'traced', 'cuda:0');
    const line = bmnetp('gpu.pt');
    const found = await check(dir, line);
    assertDeepEqualShowingAll(placed(found), [['bmnetp.gpu-module', 1, ...col(line, 'gpu.pt')]], 'diagnostics', found);
    assert.match(found[0].message, /\(cuda:0\)/);
    assert.match(found[0].message, /map_location='cpu'/);
  });

  it('says a state_dict saved with torch.save is no TorchScript module; a file that is no zip is left alone', async (t) => {
    const dir = tempDir(t);
    writeStateDict(path.join(dir, 'weights.pt'));
    writeFileSync(path.join(dir, 'legacy.pt'), Buffer.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]));
    assert.deepEqual((await check(dir, bmnetp('weights.pt'))).map((d) => d.code), ['bmnetp.not-torchscript']);
    assert.deepEqual(await check(dir, bmnetp('legacy.pt')), []);
  });
});

describe('bmnetd against the darknet .cfg it is given', () => {
  const cfg = '[net]\nbatch=1\nwidth=416\nheight=416\nchannels=3\n\n[convolutional]\nfilters=16\nsize=3\nstride=1\nactivation=leaky\n';

  it('explains the "Unknown error" of CRLF line endings and fixes the .cfg file, not the script', async (t) => {
    const dir = tempDir(t);
    const crlf = cfg.replace(/\n/g, '\r\n');
    writeFileSync(path.join(dir, 'yolo.cfg'), crlf);
    const line = 'bmnetd --model=yolo.cfg --weight=yolo.weights --target=BM1684';
    const found = await check(dir, line);
    assertDeepEqualShowingAll(placed(found), [['bmnetd.cfg-crlf-line-endings', 1, ...col(line, 'yolo.cfg')]], 'diagnostics', found);
    assert.match(found[0].message, /Unknown error/);
    const edit = found[0].fixes?.[0].edits[0];
    assert.equal(edit?.file, path.join(dir, 'yolo.cfg'));
    assert.equal(edit?.newText, cfg);
    assert.deepEqual(edit?.range, { line: 1, column: 1, endLine: 12, endColumn: 1 });
  });

  it('passes the same .cfg with LF line endings', async (t) => {
    const dir = tempDir(t);
    writeFileSync(path.join(dir, 'yolo.cfg'), cfg);
    assert.deepEqual(await check(dir, 'bmnetd --model=yolo.cfg --weight=yolo.weights --target=BM1684'), []);
  });
});
