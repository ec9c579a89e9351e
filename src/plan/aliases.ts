import type { IntentSnapshot } from '../domain/snapshot.js';

/**
 * Replaces ids by stable, readable aliases (`vpc:VPC-A`, `port:ECS-A01`), as OVN's tests
 * do with logical names: golden files then say what they mean and survive id changes.
 */
export function aliasIds(snapshot: IntentSnapshot, projectNames: ReadonlyMap<string, string>): Map<string, string> {
  const aliases = new Map<string, string>();
  const add = (id: string, alias: string) => {
    let candidate = alias;
    for (let n = 2; [...aliases.values()].includes(candidate); n++) candidate = `${alias}#${n}`;
    aliases.set(id, candidate);
  };
  for (const [id, name] of projectNames) add(id, `project:${name}`);
  const vpcName = new Map(snapshot.vpcs.map((v) => [v.id, v.name]));
  for (const v of snapshot.vpcs) add(v.id, `vpc:${v.name}`);
  for (const s of snapshot.subnets) add(s.id, `subnet:${s.name}`);
  for (const t of snapshot.routeTables) add(t.id, `rtb:${t.name}`);
  for (const r of snapshot.routes) add(r.id, `route:${vpcName.get(r.vpcId) ?? '?'}:${r.destination}`);
  for (const p of snapshot.peerings) add(p.id, `peering:${p.name}`);
  for (const p of snapshot.ports) add(p.id, `port:${p.name}`);
  for (const e of snapshot.eips) add(e.id, `eip:${e.publicIpAddress}`);
  return aliases;
}

const ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}/g;

/** A deep copy of plain JSON data with every known id inside a string replaced by its alias. */
export function withAliases<T>(value: T, aliases: ReadonlyMap<string, string>): T {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) =>
    typeof v === 'string' ? v.replace(ID, (id) => aliases.get(id) ?? id) : v) as T;
}
