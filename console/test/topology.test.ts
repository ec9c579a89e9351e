import { describe, expect, it } from 'vitest';
import {
  INTERNET_NODE_ID,
  deriveTopology,
  externalNodeId,
  highlightPath,
  isIncoming,
  peeringEdgeId,
  portNodeId,
  subnetNodeId,
  vpcNodeId,
} from '../src/topology/derive';
import { PATH_COLOR, toFlow } from '../src/topology/flow';
import { gridLayout, layoutTopology, structureKey, toElkGraph } from '../src/topology/layout';
import * as f from './fixtures';

describe('deriveTopology', () => {
  const topo = deriveTopology(f.world);
  const node = (id: string) => topo.nodes.find((n) => n.id === id);
  const edge = (id: string) => topo.edges.find((e) => e.id === id);

  it('draws VPCs as groups holding subnets, which hold instances', () => {
    expect(node(vpcNodeId(f.vpcA.id))).toMatchObject({ kind: 'vpc', label: 'VPC-A', sublabel: '192.168.0.0/16' });
    expect(node(subnetNodeId(f.subnetA.id))).toMatchObject({ kind: 'subnet', parentId: vpcNodeId(f.vpcA.id) });
    expect(node(portNodeId(f.ecsA01.id))).toMatchObject({ kind: 'instance', parentId: subnetNodeId(f.subnetA.id), sublabel: '192.168.1.10' });
    expect(node(portNodeId(f.rdsB02.id))?.parentId).toBe(subnetNodeId(f.subnetB.id));
  });

  it('lists parents before children (React Flow needs that order)', () => {
    const index = new Map(topo.nodes.map((n, i) => [n.id, i]));
    for (const n of topo.nodes) if (n.parentId) expect(index.get(n.parentId)!).toBeLessThan(index.get(n.id)!);
  });

  it('leaves out ports without a device owner', () => {
    expect(node(portNodeId(f.dhcpPort.id))).toBeUndefined();
    expect(topo.nodes.filter((n) => n.kind === 'instance')).toHaveLength(4);
  });

  it('joins VPCs of one project with a peering edge carrying its status', () => {
    expect(edge(peeringEdgeId(f.peeringAB.id))).toMatchObject({
      kind: 'peering', source: vpcNodeId(f.vpcA.id), target: vpcNodeId(f.vpcB.id), status: 'ACTIVE', label: 'peering-AB', incoming: false,
    });
  });

  it('shows peer VPCs of other accounts as external nodes, once each', () => {
    const ext = node(externalNodeId(f.U(99)));
    expect(ext).toMatchObject({ kind: 'external', projectId: f.OTHER });
    expect(ext?.sublabel).toMatch(/another account/);
    expect(edge(peeringEdgeId(f.incomingToB.id))).toMatchObject({
      source: externalNodeId(f.U(99)), target: vpcNodeId(f.vpcB.id), status: 'PENDING_ACCEPTANCE', incoming: true,
    });
    expect(edge(peeringEdgeId(f.outgoingFromA.id))).toMatchObject({ target: externalNodeId(f.U(98)), incoming: false });
    expect(topo.nodes.filter((n) => n.kind === 'external')).toHaveLength(3);
  });

  it('draws a bound EIP as an edge to the Internet', () => {
    expect(node(INTERNET_NODE_ID)).toBeDefined();
    expect(edge(`eip:${f.eip.id}`)).toMatchObject({ source: portNodeId(f.ecsA01.id), target: INTERNET_NODE_ID, label: '198.51.100.7' });
    expect(node(portNodeId(f.ecsA01.id))?.badge).toBe('EIP 198.51.100.7');
  });

  it('has no Internet node and no edges for an empty project', () => {
    expect(deriveTopology({ projectId: 'x', vpcs: [], subnets: [], ports: [], publicIps: [], peerings: [] })).toEqual({ nodes: [], edges: [] });
  });

  it('keeps the layout key when only a status changes', () => {
    const accepted = deriveTopology({ ...f.world, peerings: f.world.peerings.map((p) => (p.id === f.incomingToB.id ? { ...p, status: 'ACTIVE' } : p)) });
    expect(structureKey(accepted)).toBe(structureKey(topo));
    const more = deriveTopology({ ...f.world, vpcs: [...f.world.vpcs, { ...f.vpcA, id: f.U(5), name: 'VPC-C' }] });
    expect(structureKey(more)).not.toBe(structureKey(topo));
  });
});

describe('isIncoming', () => {
  it('is a pending request from another project to mine', () => {
    expect(isIncoming(f.incomingToB, f.ME)).toBe(true);
    expect(isIncoming(f.outgoingFromA, f.ME)).toBe(false);
    expect(isIncoming(f.peeringAB, f.ME)).toBe(false);
    expect(isIncoming({ ...f.incomingToB, status: 'ACTIVE' }, f.ME)).toBe(false);
    expect(isIncoming(f.outgoingFromA, f.OTHER)).toBe(true);
  });
});

describe('toFlow', () => {
  const topo = deriveTopology(f.world);
  const layout = gridLayout(topo);
  const flow = toFlow(topo, layout);
  const e = (id: string) => flow.edges.find((x) => x.id === id)!;

  it('colours peering edges by status: active solid green, pending dashed amber and animated, rejected red', () => {
    expect(e(peeringEdgeId(f.peeringAB.id)).style).toMatchObject({ stroke: '#1a7f37', strokeDasharray: undefined });
    expect(e(peeringEdgeId(f.incomingToB.id)).style).toMatchObject({ stroke: '#b35900', strokeDasharray: '7 5' });
    expect(e(peeringEdgeId(f.incomingToB.id)).animated).toBe(true);
    expect(e(peeringEdgeId(f.rejected.id)).style?.stroke).toBe('#c62828');
    expect(e(peeringEdgeId(f.peeringAB.id)).label).toBe('peering-AB · Active');
  });

  it('sizes group nodes from the layout and keeps child positions relative', () => {
    const a = flow.nodes.find((n) => n.id === vpcNodeId(f.vpcA.id))!;
    expect(a.style).toMatchObject({ width: layout.get(a.id)!.width, height: layout.get(a.id)!.height });
    const s = flow.nodes.find((n) => n.id === subnetNodeId(f.subnetA.id))!;
    expect(s.parentId).toBe(a.id);
    expect(s.position.x).toBeLessThan(a.style!.width as number);
  });

  it('attaches edge ends on the sides that face each other', () => {
    const ab = e(peeringEdgeId(f.peeringAB.id));
    const ax = layout.get(vpcNodeId(f.vpcA.id))!.x;
    const bx = layout.get(vpcNodeId(f.vpcB.id))!.x;
    expect(ab.sourceHandle).toBe(ax < bx ? 'r-s' : 'l-s');
    expect(ab.targetHandle).toBe(ax < bx ? 'l-t' : 'r-t');
  });

  it('paints the checked path and dims the rest', () => {
    const hl = { nodes: new Set([portNodeId(f.ecsA01.id), portNodeId(f.rdsB01.id)]), edges: new Set([peeringEdgeId(f.peeringAB.id)]) };
    const lit = toFlow(topo, layout, hl);
    const ab = lit.edges.find((x) => x.id === peeringEdgeId(f.peeringAB.id))!;
    expect(ab.style).toMatchObject({ stroke: PATH_COLOR, opacity: 1 });
    expect(lit.edges.find((x) => x.id === peeringEdgeId(f.rejected.id))!.style?.opacity).toBeLessThan(1);
    expect(lit.nodes.find((n) => n.id === portNodeId(f.ecsA01.id))!.data.highlighted).toBe(true);
    expect(lit.nodes.find((n) => n.id === portNodeId(f.ecsA02.id))!.data.dimmed).toBe(true);
  });
});

describe('highlightPath', () => {
  const topo = deriveTopology(f.world);
  it('follows hops that name instances, VPCs and the peering', () => {
    const hl = highlightPath(
      topo,
      {
        reachable: true,
        forward: [
          { at: 'ECS-A01', action: 'send', detail: '192.168.1.10 -> 172.16.1.10 icmp' },
          { at: 'VPC-A', action: 'route', detail: `172.16.0.0/16 via peering ${f.peeringAB.id}` },
          { at: 'VPC-B', action: 'deliver', detail: 'subnet-B' },
          { at: 'RDS-B01', action: 'receive', detail: '' },
        ],
        return: [{ at: 'VPC-B', action: 'route', detail: '192.168.0.0/16 via peering-AB' }],
      },
      { sourcePortId: f.ecsA01.id, destinationPortId: f.rdsB01.id },
    );
    expect([...hl.nodes]).toEqual(expect.arrayContaining([portNodeId(f.ecsA01.id), portNodeId(f.rdsB01.id), vpcNodeId(f.vpcA.id), vpcNodeId(f.vpcB.id)]));
    expect(hl.nodes.has(portNodeId(f.ecsA02.id))).toBe(false);
    expect([...hl.edges]).toEqual([peeringEdgeId(f.peeringAB.id)]);
    expect(hl.blockedAt).toBeUndefined();
  });

  it('infers the one peering between two VPCs the trace crossed, and marks where it stopped', () => {
    const hl = highlightPath(topo, {
      reachable: false,
      forward: [
        { at: 'ECS-A01', action: 'send', detail: '' },
        { at: 'VPC-A', action: 'route', detail: 'toward 172.16.1.10' },
        { at: 'VPC-B', action: 'drop', detail: 'no route back to 192.168.1.10' },
      ],
      return: [],
    });
    expect(hl.edges.has(peeringEdgeId(f.peeringAB.id))).toBe(true);
    expect(hl.blockedAt).toBe(vpcNodeId(f.vpcB.id));
  });

  it('does not light the peering when the trace never left the source VPC', () => {
    const hl = highlightPath(topo, { reachable: false, forward: [{ at: 'VPC-A', action: 'drop', detail: 'no route to 172.16.1.10' }], return: [] },
      { sourcePortId: f.ecsA01.id, destinationPortId: f.rdsB01.id });
    expect(hl.edges.size).toBe(0);
    expect(hl.blockedAt).toBe(vpcNodeId(f.vpcA.id));
  });

  it('does not mistake a longer name for a shorter one', () => {
    const hl = highlightPath(topo, { reachable: true, forward: [{ at: 'VPC-AB-extra', action: 'x', detail: '192.168.1.100' }], return: [] });
    expect(hl.nodes.size).toBe(0);
  });
});

describe('layout', () => {
  const topo = deriveTopology(f.world);
  it('builds a hierarchical ELK graph with peering edges at the root', () => {
    const g = toElkGraph(topo);
    const a = g.children!.find((c) => c.id === vpcNodeId(f.vpcA.id))!;
    expect(a.children!.map((c) => c.id)).toEqual([subnetNodeId(f.subnetA.id)]);
    expect(a.children![0].children!.map((c) => c.id)).toEqual([portNodeId(f.ecsA01.id), portNodeId(f.ecsA02.id)]);
    expect(g.layoutOptions!['elk.hierarchyHandling']).toBe('INCLUDE_CHILDREN');
    expect(g.edges!.map((e) => e.id)).toContain(peeringEdgeId(f.peeringAB.id));
  });

  it('places every node with ELK, children inside their parents, groups apart', async () => {
    const boxes = await layoutTopology(topo);
    for (const n of topo.nodes) expect(boxes.has(n.id), n.id).toBe(true);
    for (const n of topo.nodes.filter((x) => x.parentId)) {
      const b = boxes.get(n.id)!;
      const p = boxes.get(n.parentId!)!;
      expect(b.x + b.width).toBeLessThanOrEqual(p.width + 0.5);
      expect(b.y + b.height).toBeLessThanOrEqual(p.height + 0.5);
    }
    const a = boxes.get(vpcNodeId(f.vpcA.id))!;
    const b = boxes.get(vpcNodeId(f.vpcB.id))!;
    const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
    expect(apart).toBe(true);
  });
});
