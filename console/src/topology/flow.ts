// Turns the derived topology, its layout and an optional highlighted path into the nodes
// and edges React Flow draws. Pure, so the styling rules are tested without a browser.
import { MarkerType, Position, type Edge, type Node } from '@xyflow/react';
import type { Layout } from './layout';
import { statusStyle, type PathHighlight, type TopoNode, type Topology } from './derive';

export type TopoNodeData = {
  node: TopoNode;
  highlighted: boolean;
  blocked: boolean;
  dimmed: boolean;
};

export type FlowNode = Node<TopoNodeData>;

export const PATH_COLOR = '#0b62d6';

function absolute(layout: Layout, topo: Topology, id: string): { x: number; y: number } {
  let x = 0;
  let y = 0;
  let cur: TopoNode | undefined = topo.nodes.find((n) => n.id === id);
  while (cur) {
    const b = layout.get(cur.id);
    x += b?.x ?? 0;
    y += b?.y ?? 0;
    cur = cur.parentId ? topo.nodes.find((n) => n.id === cur!.parentId) : undefined;
  }
  return { x, y };
}

export function toFlow(topo: Topology, layout: Layout, highlight?: PathHighlight | null): { nodes: FlowNode[]; edges: Edge[] } {
  const active = !!highlight && (highlight.nodes.size > 0 || highlight.edges.size > 0);
  const nodes: FlowNode[] = topo.nodes.map((n) => {
    const b = layout.get(n.id) ?? { x: 0, y: 0, width: 180, height: 60 };
    const highlighted = !!highlight?.nodes.has(n.id);
    return {
      id: n.id,
      type: n.kind,
      position: { x: b.x, y: b.y },
      parentId: n.parentId,
      data: { node: n, highlighted, blocked: highlight?.blockedAt === n.id, dimmed: active && !highlighted && n.kind === 'instance' },
      style: { width: b.width, height: b.height },
      width: b.width,
      height: b.height,
      draggable: false,
      connectable: false,
      selectable: true,
      ariaLabel: ariaFor(n),
      domAttributes: { 'data-kind': n.kind, 'data-highlighted': String(highlighted) } as Record<string, string>,
      zIndex: n.kind === 'vpc' || n.kind === 'external' ? 0 : n.kind === 'subnet' ? 1 : 2,
    };
  });

  const edges: Edge[] = topo.edges.map((e) => {
    const s = absolute(layout, topo, e.source);
    const t = absolute(layout, topo, e.target);
    const sb = layout.get(e.source);
    const tb = layout.get(e.target);
    // Attach each end on the side facing the other end.
    const leftToRight = s.x + (sb?.width ?? 0) / 2 <= t.x + (tb?.width ?? 0) / 2;
    const onPath = !!highlight?.edges.has(e.id);
    const style = e.kind === 'peering' ? statusStyle(e.status) : { color: '#5b6b7f', dashed: true, label: '' };
    const color = onPath ? PATH_COLOR : style.color;
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      sourceHandle: leftToRight ? 'r-s' : 'l-s',
      targetHandle: leftToRight ? 'l-t' : 'r-t',
      type: 'default',
      label: e.kind === 'peering' ? `${e.label} · ${style.label}${e.incoming ? ' (incoming)' : ''}` : `EIP ${e.label}`,
      animated: onPath || e.status === 'PENDING_ACCEPTANCE',
      zIndex: 5,
      style: {
        stroke: color,
        strokeWidth: onPath ? 5 : e.kind === 'peering' ? 3 : 1.5,
        strokeDasharray: !onPath && style.dashed ? '7 5' : undefined,
        opacity: active && !onPath ? 0.45 : 1,
      },
      labelStyle: { fill: color, fontWeight: 600, fontSize: 12 },
      labelBgStyle: { fill: '#ffffff', fillOpacity: 0.95 },
      labelBgPadding: [6, 3] as [number, number],
      labelBgBorderRadius: 4,
      markerEnd: e.kind === 'peering' ? { type: MarkerType.ArrowClosed, color, width: 16, height: 16 } : undefined,
      data: { kind: e.kind, status: e.status, onPath },
      ariaLabel:
        e.kind === 'peering' ? `Peering ${e.label}, ${style.label}${e.incoming ? ', incoming request' : ''}` : `EIP ${e.label} to the Internet`,
      domAttributes: { 'data-status': e.status ?? '', 'data-on-path': String(onPath) } as Record<string, string>,
    } satisfies Edge;
  });
  return { nodes, edges };
}

function ariaFor(n: TopoNode): string {
  switch (n.kind) {
    case 'vpc':
      return `VPC ${n.label}, ${n.sublabel}`;
    case 'subnet':
      return `Subnet ${n.label}, ${n.sublabel}`;
    case 'instance':
      return `Instance ${n.label}, ${n.sublabel}${n.badge ? `, ${n.badge}` : ''}`;
    case 'external':
      return `${n.label}, ${n.sublabel}`;
    default:
      return n.label;
  }
}

export const HANDLE_SIDES = [
  { id: 'l-s', type: 'source', position: Position.Left },
  { id: 'r-s', type: 'source', position: Position.Right },
  { id: 'l-t', type: 'target', position: Position.Left },
  { id: 'r-t', type: 'target', position: Position.Right },
] as const;
