// Reading a comparison back from a file: the `npu-deploy compare --json` object round-trips; a
// file that is not one is refused with one line naming the file and the field or the place; the
// rows find their nodes in the LeNet sample's graph; the range around a layer is its producers to
// its consumers.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isCompareResultText, parseCompareResultJson, readCompareResultFile } from '../../../src/core/compare/compareResultFile';
import { rangeAround } from '../../../src/core/compare/rangeAround';
import { goldenSpelling, rowNodes } from '../../../src/core/compare/rowNodes';
import { ModelFormatError } from '../../../src/core/errors';
import { CompactGraphReader, toCompactGraph } from '../../../src/core/graph/compactGraph';
import { nodeFileAccess } from '../../../src/core/io/nodeFileAccess';
import { openModel } from '../../../src/core/openModel';
import { writeCaffeSample } from '../../../src/core/samples/caffeSample';
import { lenetCompareResult } from '../../support/compareSample';

describe('comparison result files', () => {
  let dir: string;
  let reader: CompactGraphReader;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'npu-cmpfile-'));
    const { prototxt } = await writeCaffeSample(dir);
    reader = new CompactGraphReader(toCompactGraph((await openModel(prototxt)).graph));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back what compare --json prints, field for field', async () => {
    const file = path.join(dir, 'result.json');
    const result = lenetCompareResult();
    writeFileSync(file, JSON.stringify(result, null, 2));
    assert.deepEqual(await readCompareResultFile(nodeFileAccess, file), result);
    assert.equal(isCompareResultText(JSON.stringify(result)), true);
    assert.equal(isCompareResultText(JSON.stringify({ rows: [], name: 'package.json' })), false);
  });

  it('refuses a result with a wrong field, naming the file and the field', () => {
    const broken = lenetCompareResult() as unknown as { rows: Record<string, unknown>[] };
    broken.rows[3].cosine = 'high';
    assert.throws(
      () => parseCompareResultJson(JSON.stringify(broken), '/w/result.json'),
      (e: unknown) => e instanceof ModelFormatError && e.message === '/w/result.json: not a comparison result: rows[3].cosine is missing or of the wrong type',
    );
    const noSummary = { ...lenetCompareResult(), summary: undefined };
    assert.throws(() => parseCompareResultJson(JSON.stringify(noSummary), 'r.json'), /r\.json: .*summary/);
  });

  it('says where a cut-off JSON file stops, as line and column', () => {
    const text = JSON.stringify(lenetCompareResult(), null, 2);
    const cut = text.slice(0, 200);
    const lines = cut.split('\n');
    assert.throws(
      () => parseCompareResultJson(cut, 'r.json'),
      (e: unknown) => e instanceof ModelFormatError && e.place.kind === 'text' && e.place.line === lines.length && /^r\.json:\d+:\d+: /.test(e.message),
    );
  });

  it('reads a vendor CSV into the same result, and refuses a CSV that is no comparison with one line naming the file', async () => {
    const file = path.join(dir, 'result_20240101120000.csv');
    writeFileSync(file, [
      'Index,OpType,NPUDump,DataType,Address,GroundTruth,DataType,TensorIndex,Shape,CosineSimilarity,MaxAbsoluteError,AccumulatedRelativeError,RelativeEuclideanDistance,KullbackLeiblerDivergence,StandardDeviation,MeanAbsoluteError,RootMeanSquareError,MaxRelativeError,MeanRelativeError,CompareFailReason',
      '0,Conv2D,conv2,DT_FLOAT16,0x1000,conv2,float32,conv2:output:0,"[1,50,8,8]",0.5,1.5,12.0,0.31,0.02,"(0.1;0.5),(0.2;0.6)",0.2,0.4,3.0,0.5,',
      '',
    ].join('\n'));
    const result = await readCompareResultFile(nodeFileAccess, file);
    assert.deepEqual(result.rows.map((r) => [r.name, r.cosine, r.pass]), [['conv2', 0.5, false]]);
    assert.equal(result.firstBad, 'conv2');
    const other = path.join(dir, 'result_20240101120001.csv');
    writeFileSync(other, 'a,b\n1,2\n');
    await assert.rejects(readCompareResultFile(nodeFileAccess, other), (e: unknown) => e instanceof ModelFormatError && e.message.startsWith(`${other}:1:1: not a comparison result`) && !e.message.includes('\n'));
  });

  it('finds each row\'s node by name, by the golden spelling, or by the tensor it produces', () => {
    const rows = [
      { name: 'conv2', tensor: 'conv2:output:0' },
      { name: 'nothing', tensor: 'ip2' },
      { name: 'missing', tensor: 'missing:output:0' },
    ];
    const found = rowNodes(reader, rows);
    assert.equal(reader.nodeId(found[0]), 'conv2');
    assert.equal(reader.nodeId(found[1]), 'ip2');
    assert.equal(found[2], -1);
    assert.equal(goldenSpelling('inception_3a/1x1.conv'), 'inception_3a_1x1_conv');
    // Every row of the sample is a LeNet layer.
    assert.ok(Array.from(rowNodes(reader, lenetCompareResult().rows)).every((n) => n >= 0));
  });

  it('takes the range around a layer from its producers to its consumers', () => {
    assert.deepEqual(rangeAround(reader, reader.nodeIndex('conv2')!), { starts: ['pool1'], ends: ['pool2'] });
    // The last layer has no consumer: the range ends at it.
    assert.deepEqual(rangeAround(reader, reader.nodeIndex('prob')!), { starts: ['ip2'], ends: ['prob'] });
  });
});
