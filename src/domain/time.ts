/** Huawei's timestamp format for VPCs, subnets, peerings, route tables: `yyyy-MM-ddTHH:mm:ss`, UTC. */
export function huaweiTime(iso: string): string {
  return iso.slice(0, 19);
}

/** EIPs use `yyyy-MM-dd HH:mm:ss`. */
export function huaweiSpaceTime(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}
