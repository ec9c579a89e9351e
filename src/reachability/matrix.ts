import { indexPlan, type PortIndex } from '../plan/plan-index.js';
import type { NetworkPlan } from '../plan/types.js';
import { evaluate } from './trace.js';
import { REASONS, type Reason } from './types.js';

/**
 * Reachability between every ordered pair of a set of ports, in one call: the verdicts
 * `trace()` would give (same `evaluate` core), without recording hops, with the plan
 * index, port lookups and parsed route tables shared by all pairs.
 */
export interface ReachabilityMatrix {
  readonly portIds: readonly string[];
  /** `codes[i * n + j]` is the index in `REASONS` of the verdict from port i to port j. */
  readonly codes: Uint8Array;
}

export function reachabilityMatrix(plan: NetworkPlan, portIds: readonly string[]): ReachabilityMatrix {
  const index = indexPlan(plan);
  const n = portIds.length;
  const codes = new Uint8Array(n * n);
  const ports: Array<PortIndex | undefined> = portIds.map((id) => index.port(id));
  const notFound = REASONS.indexOf('ADDRESS_NOT_FOUND');
  for (let i = 0; i < n; i++) {
    const source = ports[i];
    for (let j = 0; j < n; j++) {
      const target = ports[j];
      codes[i * n + j] = !source || !target
        ? notFound
        : REASONS.indexOf(evaluate(index, source, target, target.ip, null, null).reason);
    }
  }
  return { portIds, codes };
}

/** The verdict from `portIds[i]` to `portIds[j]`. */
export function matrixReason(matrix: ReachabilityMatrix, i: number, j: number): Reason {
  return REASONS[matrix.codes[i * matrix.portIds.length + j]!]!;
}
