// Places the derived topology with ELK's layered algorithm. VPCs are compound nodes that
// hold subnets, which hold instances; ELK returns positions relative to the parent, which
// is what React Flow expects for child nodes.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode, ElkExtendedEdge } from 'elkjs/lib/elk-api';
import type { TopoNode, Topology } from './derive';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Layout = Map<string, Box>;

export const SIZES = {
  instance: { width: 180, height: 58 },
  external: { width: 220, height: 84 },
  internet: { width: 150, height: 64 },
  emptySubnet: { width: 250, height: 70 },
  emptyVpc: { width: 290, height: 110 },
} as const;

const GROUP_PADDING = {
  vpc: '[top=52,left=16,bottom=16,right=16]',
  subnet: '[top=44,left=12,bottom=12,right=12]',
};

let elk: InstanceType<typeof ELK> | null = null;

/** Builds the ELK graph: a pure function, kept apart so it can be tested. */
export function toElkGraph(topo: Topology): ElkNode {
  const children = new Map<string | undefined, TopoNode[]>();
  for (const n of topo.nodes) {
    const list = children.get(n.parentId) ?? [];
    list.push(n);
    children.set(n.parentId, list);
  }
  const build = (n: TopoNode): ElkNode => {
    const kids = children.get(n.id) ?? [];
    if (n.kind === 'vpc' || n.kind === 'subnet') {
      const empty = n.kind === 'vpc' ? SIZES.emptyVpc : SIZES.emptySubnet;
      return {
        id: n.id,
        ...(kids.length === 0 ? empty : {}),
        layoutOptions: {
          'elk.padding': GROUP_PADDING[n.kind],
          'elk.algorithm': 'layered',
          'elk.direction': n.kind === 'vpc' ? 'DOWN' : 'RIGHT',
          'elk.spacing.nodeNode': '16',
          'elk.nodeSize.constraints': 'MINIMUM_SIZE',
          'elk.nodeSize.minimum': `(${empty.width},${empty.height})`,
        },
        children: kids.map(build),
      };
    }
    return { id: n.id, ...SIZES[n.kind === 'instance' ? 'instance' : n.kind === 'external' ? 'external' : 'internet'] };
  };
  const edges: ElkExtendedEdge[] = topo.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] }));
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '190',
      'elk.layered.spacing.edgeNodeBetweenLayers': '40',
      'elk.spacing.nodeNode': '48',
      'elk.spacing.componentComponent': '60',
      'elk.edgeRouting': 'POLYLINE',
    },
    children: (children.get(undefined) ?? []).map(build),
    edges,
  };
}

export async function layoutTopology(topo: Topology): Promise<Layout> {
  const out: Layout = new Map();
  if (topo.nodes.length === 0) return out;
  try {
    elk ??= new ELK();
    const result = await elk.layout(toElkGraph(topo));
    const visit = (n: ElkNode) => {
      for (const c of n.children ?? []) {
        out.set(c.id, { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 });
        visit(c);
      }
    };
    visit(result);
    return out;
  } catch (err) {
    console.warn('ELK layout failed; using a grid', err);
    return gridLayout(topo);
  }
}

/** A plain fallback: groups in a row, children stacked inside. */
export function gridLayout(topo: Topology): Layout {
  const out: Layout = new Map();
  const kids = (id?: string) => topo.nodes.filter((n) => n.parentId === id);
  const place = (n: TopoNode): Box => {
    const inner = kids(n.id);
    if (n.kind !== 'vpc' && n.kind !== 'subnet') {
      const s = SIZES[n.kind === 'instance' ? 'instance' : n.kind === 'external' ? 'external' : 'internet'];
      return { x: 0, y: 0, ...s };
    }
    let y = n.kind === 'vpc' ? 52 : 44;
    let width: number = n.kind === 'vpc' ? SIZES.emptyVpc.width : SIZES.emptySubnet.width;
    for (const c of inner) {
      const b = place(c);
      out.set(c.id, { ...b, x: 14, y });
      y += b.height + 14;
      width = Math.max(width, b.width + 28);
    }
    const min = n.kind === 'vpc' ? SIZES.emptyVpc.height : SIZES.emptySubnet.height;
    return { x: 0, y: 0, width, height: Math.max(min, y) };
  };
  let x = 0;
  for (const n of kids(undefined)) {
    const b = place(n);
    out.set(n.id, { ...b, x, y: 0 });
    x += b.width + 230;
  }
  return out;
}

/** A key that changes only when the layout must be recomputed (not when a status changes). */
export function structureKey(topo: Topology): string {
  return [
    ...topo.nodes.map((n) => `${n.id}<${n.parentId ?? ''}`),
    ...topo.edges.map((e) => `${e.source}>${e.target}`),
  ].join('|');
}
