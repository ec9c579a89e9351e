import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heading, percentile, report } from './report.js';
import { startServerProcess } from './server-process.js';
import { SignedClient } from './signed-client.js';
import { setupBenchAccounts } from './workflow.js';

/**
 * Reachability answers through the API (issue 3: ≥ 2,000 requests/s): the seed's
 * Figure 1 in one project, then 16 concurrent clients asking A01 → B01 (tcp/3306, by
 * address) and B01 → A02 (icmp, by port) against the server's cached plan.
 */
export async function runReachabilityApiBench(options: { quick?: boolean } = {}): Promise<void> {
  const seconds = options.quick ? 3 : 10;
  heading('reachability through the API (Figure 1; server in its own process)');
  const dir = mkdtempSync(join(tmpdir(), 'isthmus-bench-reach-'));
  const { a } = await setupBenchAccounts({ dataDir: dir });
  const server = await startServerProcess(['--data-dir', dir]);
  const client = new SignedClient(server.url, { accessKey: a.access_key, secretKey: a.secret_key, projectId: a.project_id }, 16);
  try {
    const p = a.project_id;
    const vpc = async (name: string, cidr: string) => (await client.expect(200, 'POST', `/v1/${p}/vpcs`, { vpc: { name, cidr } })).vpc.id as string;
    const subnet = async (vpcId: string, cidr: string, gw: string) =>
      (await client.expect(200, 'POST', `/v1/${p}/subnets`, { subnet: { name: `sn-${cidr.split('.')[0]}`, cidr, gateway_ip: gw, vpc_id: vpcId } })).subnet.id as string;
    const port = async (subnetId: string, name: string) =>
      (await client.expect(200, 'POST', `/v1/${p}/ports`, { port: { name, network_id: subnetId, device_owner: 'compute:eu-de-01' } })).port;
    const vpcA = await vpc('VPC-A', '192.168.0.0/16');
    const vpcB = await vpc('VPC-B', '172.16.0.0/16');
    const subA = await subnet(vpcA, '192.168.1.0/24', '192.168.1.1');
    const subB = await subnet(vpcB, '172.16.1.0/24', '172.16.1.1');
    const a01 = await port(subA, 'ECS-A01');
    const a02 = await port(subA, 'ECS-A02');
    const b01 = await port(subB, 'RDS-B01');
    const peering = (await client.expect(201, 'POST', '/v2.0/vpc/peerings', {
      peering: { name: 'peering-AB', request_vpc_info: { vpc_id: vpcA }, accept_vpc_info: { vpc_id: vpcB } },
    })).peering.id;
    await client.expect(201, 'POST', '/v2.0/vpc/routes', { route: { destination: '172.16.0.0/16', nexthop: peering, type: 'peering', vpc_id: vpcA } });
    await client.expect(201, 'POST', '/v2.0/vpc/routes', { route: { destination: '192.168.0.0/16', nexthop: peering, type: 'peering', vpc_id: vpcB } });

    const questions = [
      { source: { port_id: a01.id }, destination: { ip: b01.fixed_ips[0].ip_address }, protocol: 'tcp', port: 3306 },
      { source: { port_id: b01.id }, destination: { port_id: a02.id }, protocol: 'icmp' },
    ];
    // The first answer compiles the plan; it must say REACHABLE, or the figures mean nothing.
    for (const q of questions) {
      const answer = await client.expect(200, 'POST', `/isthmus/v1/${p}/reachability`, q);
      if (answer.reason !== 'REACHABLE') throw new Error(`expected REACHABLE, got ${answer.reason}: ${answer.explanation}`);
    }
    client.latenciesMs.length = 0;
    let n = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(Array.from({ length: 16 }, async (_, i) => {
      for (let k = i; performance.now() < deadline; k++) {
        await client.expect(200, 'POST', `/isthmus/v1/${p}/reachability`, questions[k % questions.length]);
        n++;
      }
    }));
    const elapsed = (performance.now() - started) / 1000;
    const lat = [...client.latenciesMs].sort((x, y) => x - y);
    report({ name: 'reachability through the API, 16 concurrent: req/s', value: n / elapsed, unit: 'req/s', target: { op: '>=', value: 2000 } });
    report({ name: '  p50 / p99', value: percentile(lat, 50), unit: `ms (p99 ${percentile(lat, 99).toFixed(1)} ms)` });
  } finally {
    await client.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
