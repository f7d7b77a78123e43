// The --csv file and --thresholds: a layer name with a comma and a quote survives the CSV
// (RFC 4180), the first bad row is marked; bounds parse over the defaults, `off` drops one, and
// a bound that is not a number or names no metric is refused with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareResultCsv } from '../../../src/core/compare/compareCsv';
import type { CompareRow } from '../../../src/core/compare/compareResult';
import { parseThresholds } from '../../../src/core/compare/thresholds';

const row = (name: string, pass: boolean): CompareRow => ({
  name,
  tensor: `${name}:output:0`,
  shape: [1, 4],
  dtype: 'float16',
  npuFile: '/d/Conv2D.x.1.1700000000000000',
  goldenFile: null,
  cosine: pass ? 0.9999 : 0.5,
  maxAbsError: 0.25,
  meanAbsError: null,
  rmse: 0.125,
  relativeEuclidean: 0.01,
  maxRelativeError: 1,
  meanRelativeError: 0.5,
  kl: 0,
  pass,
  extra: { verdict: pass ? 'SIMILAR' : 'NOT_SIMILAR', groundTruth: ['a', 'b'], ...(pass ? {} : { failedMetrics: ['cosine'] }) },
});

test('the CSV quotes what needs it and marks the first bad row', () => {
  const csv = compareResultCsv({ rows: [row('conv1', true), row('odd, "name"', false)], unmatched: { npu: [], golden: [] }, firstBad: 'odd, "name"', summary: { compared: 2, passed: 1, failed: 1 } });
  const lines = csv.split('\r\n');
  assert.equal(lines[0], 'name,tensor,shape,dtype,npuFile,goldenFile,cosine,maxAbsError,meanAbsError,rmse,relativeEuclidean,maxRelativeError,meanRelativeError,kl,pass,verdict,euclideanSimilarity,sqnr,failedMetrics,groundTruth,problem,firstBad');
  assert.equal(lines[1], 'conv1,conv1:output:0,1x4,float16,/d/Conv2D.x.1.1700000000000000,,0.9999,0.25,,0.125,0.01,1,0.5,0,true,SIMILAR,,,,a;b,,false');
  assert.equal(lines[2], '"odd, ""name""","odd, ""name"":output:0",1x4,float16,/d/Conv2D.x.1.1700000000000000,,0.5,0.25,,0.125,0.01,1,0.5,0,false,NOT_SIMILAR,,,cosine,a;b,,true');
  assert.equal(lines[3], '');
});

test('--thresholds over the defaults', () => {
  assert.deepEqual(parseThresholds('kl=0.005, rmse=1'), { cosine: 0.99, relativeEuclidean: 0.05, kl: 0.005, rmse: 1 });
  assert.deepEqual(parseThresholds('cosine=off,relativeEuclidean=0.1'), { relativeEuclidean: 0.1 });
  assert.match(parseThresholds('cosin=1') as string, /^unknown metric 'cosin'/);
  assert.match(parseThresholds('kl=small') as string, /'kl=small' is not METRIC=NUMBER/);
});
