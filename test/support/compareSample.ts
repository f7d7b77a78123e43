// A comparison result over the LeNet sample (src/core/samples/caffeSample.ts) as `npu-deploy
// compare --json` would print it: conv2 perturbed, so it and every layer after it fail, conv2 the
// first bad layer. The webview tests show it; the unit tests read it back from a file.
import type { CompareResult, CompareRow } from '../../src/core/compare/compareResult';

const LAYERS: [string, number[], number][] = [
  // name, shape, cosine
  ['conv1', [1, 20, 24, 24], 0.99991],
  ['pool1', [1, 20, 12, 12], 0.99987],
  ['conv2', [1, 50, 8, 8], 0.9312],
  ['pool2', [1, 50, 4, 4], 0.9405],
  ['ip1', [1, 64], 0.9521],
  ['relu1', [1, 64], 0.9533],
  ['ip2', [1, 10], 0.9618],
  ['prob', [1, 10], 0.9702],
];

function row([name, shape, cosine]: [string, number[], number], i: number): CompareRow {
  const pass = cosine > 0.99;
  const scale = 1 - cosine;
  return {
    name,
    tensor: `${name}:output:0`,
    shape,
    dtype: 'float32',
    npuFile: `npu/${name}.bin`,
    goldenFile: `golden/${name}.0.1.npy`,
    cosine,
    maxAbsError: Number((scale * 40 + i * 0.01).toFixed(6)),
    meanAbsError: Number((scale * 4).toFixed(6)),
    rmse: Number((scale * 6).toFixed(6)),
    relativeEuclidean: Number((scale * 1.2).toFixed(6)),
    maxRelativeError: Number((scale * 90).toFixed(6)),
    meanRelativeError: Number((scale * 3).toFixed(6)),
    kl: i === 7 ? null : Number((scale * 0.5).toFixed(6)),
    pass,
    extra: { order: i, failedMetrics: pass ? [] : ['cosine', 'relativeEuclidean'] },
  };
}

export function lenetCompareResult(): CompareResult {
  const rows = LAYERS.map(row);
  const failed = rows.filter((r) => !r.pass).length;
  return {
    rows,
    unmatched: { npu: ['fused_op_7'], golden: ['data.0.1.npy'] },
    firstBad: 'conv2',
    summary: { compared: rows.length, passed: rows.length - failed, failed },
  };
}
