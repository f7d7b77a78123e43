// The tensors that cross a range selection's cut: what its sub-model is fed with and delivers.
// Index-based and pure like nodeRange.ts, which calls it once the node set is known.

import type { RangeTopology } from './nodeRange';

/**
 * The tensors crossing the cut. Inputs: every tensor a selected node reads that is written outside
 * the selection (or by nothing), and every graph input the selection reads or writes (a Paddle
 * feed, a Caffe Input layer inside it still leaves its tensor fed from outside). Weights are not
 * ports, so never inputs. Outputs: every tensor written inside and read outside, every graph output
 * written inside, and every tensor an end writes that something reads; an end's tensor nothing
 * reads and the model does not deliver (Paddle's XShape, batch_norm's SavedMean) is a training
 * by-product and left out, as is a tensor already an input. Tensor versions are distinct indices,
 * so an in-place chain (Caffe's BatchNorm/Scale/ReLU writing their bottom) is fed the version it
 * reads from outside and delivers the version read after it, never an intermediate rewrite.
 */
export function rangeBoundary(topology: RangeTopology, inside: Uint8Array, nodes: Uint32Array, isEnd: Uint8Array): { inputs: Uint32Array; outputs: Uint32Array } {
  const { nodeInputStart, nodeInputs, nodeOutputStart, nodeOutputs, tensorProducer } = topology;
  const graphInput = new Uint8Array(topology.tensorCount);
  for (const t of topology.inputs) graphInput[t] = 1;
  const readOutside = new Uint8Array(topology.tensorCount);
  const read = new Uint8Array(topology.tensorCount);
  for (let e = 0; e < topology.edgeCount; e++) {
    const t = topology.edgeTensor[e];
    read[t] = 1;
    if (inside[topology.edgeFrom[e]] && !inside[topology.edgeTo[e]]) readOutside[t] = 1;
  }
  for (const t of topology.outputs) readOutside[t] = 1;

  const listed = new Uint8Array(topology.tensorCount);
  const inputs: number[] = [];
  for (const v of nodes) {
    for (let k = nodeInputStart[v]; k < nodeInputStart[v + 1]; k++) {
      const t = nodeInputs[k];
      const producer = tensorProducer[t];
      if (listed[t] || (producer >= 0 && inside[producer] && !graphInput[t])) continue;
      listed[t] = 1;
      inputs.push(t);
    }
    for (let k = nodeOutputStart[v]; k < nodeOutputStart[v + 1]; k++) {
      const t = nodeOutputs[k];
      if (graphInput[t] && !listed[t]) {
        listed[t] = 1;
        inputs.push(t);
      }
    }
  }
  const outputs: number[] = [];
  for (const v of nodes) {
    for (let k = nodeOutputStart[v]; k < nodeOutputStart[v + 1]; k++) {
      const t = nodeOutputs[k];
      if (listed[t] || !(readOutside[t] || (isEnd[v] && read[t]))) continue;
      listed[t] = 1;
      outputs.push(t);
    }
  }
  return { inputs: Uint32Array.from(inputs), outputs: Uint32Array.from(outputs) };
}
