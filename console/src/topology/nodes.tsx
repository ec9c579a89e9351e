import { Handle, type NodeProps } from '@xyflow/react';
import { HANDLE_SIDES, type FlowNode } from './flow';

function Handles() {
  return (
    <>
      {HANDLE_SIDES.map((h) => (
        <Handle key={h.id} id={h.id} type={h.type} position={h.position} isConnectable={false} className="topo-handle" />
      ))}
    </>
  );
}

function cls(base: string, d: FlowNode['data']) {
  return `${base}${d.highlighted ? ' topo--on-path' : ''}${d.blocked ? ' topo--blocked' : ''}${d.dimmed ? ' topo--dimmed' : ''}`;
}

export function VpcNode({ data }: NodeProps<FlowNode>) {
  return (
    <div className={cls('topo-vpc', data)}>
      <Handles />
      <div className="topo-vpc__header">
        <span className="topo-icon topo-icon--vpc" aria-hidden="true">VPC</span>
        <span className="topo-vpc__name">{data.node.label}</span>
        <code className="topo-vpc__cidr">{data.node.sublabel}</code>
      </div>
    </div>
  );
}

export function SubnetNode({ data }: NodeProps<FlowNode>) {
  return (
    <div className={cls('topo-subnet', data)}>
      <div className="topo-subnet__header">
        <span className="topo-subnet__name">{data.node.label}</span>
        <code>{data.node.sublabel}</code>
      </div>
    </div>
  );
}

export function InstanceNode({ data }: NodeProps<FlowNode>) {
  return (
    <div className={cls('topo-instance', data)}>
      <Handles />
      <span className="topo-icon topo-icon--ecs" aria-hidden="true">ECS</span>
      <span className="topo-instance__text">
        <span className="topo-instance__name">{data.node.label}</span>
        <code>{data.node.sublabel}</code>
        {data.node.badge && <span className="topo-instance__eip">{data.node.badge}</span>}
      </span>
    </div>
  );
}

export function ExternalNode({ data }: NodeProps<FlowNode>) {
  return (
    <div className={cls('topo-external', data)}>
      <Handles />
      <span className="topo-external__kicker">Peer VPC · other account</span>
      <span className="topo-external__name">{data.node.label}</span>
      <span className="topo-external__sub">{data.node.sublabel}</span>
    </div>
  );
}

export function InternetNode({ data }: NodeProps<FlowNode>) {
  return (
    <div className={cls('topo-internet', data)}>
      <Handles />
      <span className="topo-internet__name">{data.node.label}</span>
      <span className="topo-internet__sub">{data.node.sublabel}</span>
    </div>
  );
}

export const NODE_TYPES = {
  vpc: VpcNode,
  subnet: SubnetNode,
  instance: InstanceNode,
  external: ExternalNode,
  internet: InternetNode,
};
