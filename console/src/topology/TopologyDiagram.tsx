import { Background, Controls, ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useState } from 'react';
import { STATUS_STYLE, type PathHighlight, type Topology } from './derive';
import { PATH_COLOR, toFlow } from './flow';
import { layoutTopology, structureKey, type Layout } from './layout';
import { NODE_TYPES } from './nodes';

/**
 * The live diagram. Layout runs only when the structure changes (a VPC, subnet, instance
 * or peering appears or goes); a status change just recolours an edge.
 */
export function TopologyDiagram({ topo, highlight }: { topo: Topology; highlight?: PathHighlight | null }) {
  const key = structureKey(topo);
  const [layout, setLayout] = useState<{ key: string; boxes: Layout } | null>(null);

  useEffect(() => {
    let cancelled = false;
    void layoutTopology(topo).then((boxes) => {
      if (!cancelled) setLayout({ key, boxes });
    });
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const flow = useMemo(() => (layout ? toFlow(topo, layout.boxes, highlight) : null), [topo, layout, highlight]);

  return (
    <div className="topology" data-testid="topology" data-ready={flow ? 'true' : 'false'}>
      {!flow ? (
        <p className="loading" role="status">Laying out the topology…</p>
      ) : (
        <ReactFlow
          key={layout!.key}
          nodes={flow.nodes}
          edges={flow.edges}
          nodeTypes={NODE_TYPES}
          fitView
          fitViewOptions={{ padding: 0.12, maxZoom: 1.1 }}
          minZoom={0.2}
          maxZoom={2}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable
          proOptions={{ hideAttribution: true }}
          aria-label="Network topology"
        >
          <Background gap={24} color="#e3e8ef" />
          <Controls showInteractive={false} position="bottom-left" />
        </ReactFlow>
      )}
      <Legend highlight={!!highlight} />
    </div>
  );
}

function Legend({ highlight }: { highlight: boolean }) {
  const shown = ['ACTIVE', 'PENDING_ACCEPTANCE', 'REJECTED', 'EXPIRED'];
  return (
    <ul className="topology__legend" aria-label="Legend">
      {shown.map((s) => (
        <li key={s}>
          <svg width="28" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="28" y2="4" stroke={STATUS_STYLE[s].color} strokeWidth="3" strokeDasharray={STATUS_STYLE[s].dashed ? '6 4' : undefined} />
          </svg>
          {STATUS_STYLE[s].label}
        </li>
      ))}
      <li>
        <span className="legend-box legend-box--external" aria-hidden="true" /> Other account
      </li>
      {highlight && (
        <li>
          <svg width="28" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="28" y2="4" stroke={PATH_COLOR} strokeWidth="5" />
          </svg>
          Checked path
        </li>
      )}
    </ul>
  );
}
