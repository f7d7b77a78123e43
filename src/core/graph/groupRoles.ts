// How a range colours a collapsed group's box (the viewer's canvas and the exported SVG alike):
// as a start or an end when it hides one, blue when every node it holds lies in the range, plain
// otherwise. Roles are the range's by node: 0 none, 1 inside, 2 start, 3 end (RangeRole).

import type { NodeGrouping } from './nodeGroups';

export function groupRoles(grouping: NodeGrouping, nodeRoles: ArrayLike<number>): Uint8Array {
  const G = grouping.groupCount;
  const inRange = new Uint32Array(G);
  const hasStart = new Uint8Array(G);
  const hasEnd = new Uint8Array(G);
  for (let i = 0; i < grouping.nodeGroup.length; i++) {
    const role = nodeRoles[i];
    if (!role) continue;
    for (let g = grouping.nodeGroup[i]; g >= 0; g = grouping.groupParent[g]) {
      inRange[g]++;
      if (role === 2) hasStart[g] = 1;
      if (role === 3) hasEnd[g] = 1;
    }
  }
  const roles = new Uint8Array(G);
  for (let g = 0; g < G; g++) roles[g] = hasStart[g] ? 2 : hasEnd[g] ? 3 : inRange[g] === grouping.groupSize[g] && inRange[g] > 0 ? 1 : 0;
  return roles;
}
