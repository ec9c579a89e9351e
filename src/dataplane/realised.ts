import type { NetworkPlan } from '../plan/types.js';
import { names as namesFor } from './naming.js';

/** A cloud object and the kernel object that realises it, as recorded in the store. */
export interface RealisedObject {
  readonly objectId: string;
  readonly kind: 'vpc' | 'subnet' | 'port';
  readonly projectId: string;
  /** Router namespace (VPC), bridge (subnet, inside its router namespace), instance namespace (port). */
  readonly kernelName: string;
}

/** Everything the plans realise, once the driver has applied them. */
export function realisedObjects(plans: readonly NetworkPlan[], prefix: string): RealisedObject[] {
  const n = namesFor(prefix);
  const out: RealisedObject[] = [];
  for (const router of plans.flatMap((p) => p.routers)) {
    out.push({ objectId: router.vpcId, kind: 'vpc', projectId: router.projectId, kernelName: n.routerNs(router.vpcId) });
    for (const seg of router.segments) {
      out.push({ objectId: seg.subnetId, kind: 'subnet', projectId: router.projectId, kernelName: `${n.routerNs(router.vpcId)}/${n.bridge(seg.subnetId)}` });
      for (const port of seg.ports) {
        if (port.instance) out.push({ objectId: port.portId, kind: 'port', projectId: port.projectId, kernelName: n.instanceNs(port.portId) });
      }
    }
  }
  return out.sort((a, b) => (a.objectId < b.objectId ? -1 : a.objectId > b.objectId ? 1 : 0));
}
