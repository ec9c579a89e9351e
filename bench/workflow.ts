import { createAccount, type CreatedAccount } from '../src/service/accounts.js';
import { openStore } from '../src/store/open.js';
import type { SignedClient } from './signed-client.js';

export interface BenchPair {
  readonly a: CreatedAccount;
  readonly b: CreatedAccount;
}

/** Two benchmark accounts on a store, with the quotas the benchmarks exhaust lifted. */
export async function setupBenchAccounts(storeOption: { store?: string; dataDir?: string }): Promise<BenchPair> {
  return (await setupBenchPairs(storeOption, 1))[0]!;
}

/**
 * `count` pairs of benchmark accounts (bench-a/bench-b, then bench-a2/bench-b2, ...), quotas
 * lifted: the PostgreSQL comparison spreads its workflows over many pairs, because writes
 * of one project are serialised there (a project's row lock) and two accounts measure that
 * lock rather than the store.
 */
export async function setupBenchPairs(storeOption: { store?: string; dataDir?: string }, count: number): Promise<BenchPair[]> {
  const store = await openStore(storeOption);
  try {
    const now = new Date();
    const pairs: BenchPair[] = [];
    for (let i = 1; i <= count; i++) {
      const suffix = i === 1 ? '' : String(i);
      pairs.push({ a: await createAccount(store, `bench-a${suffix}`, 'eu-de', now), b: await createAccount(store, `bench-b${suffix}`, 'eu-de', now) });
    }
    await store.write(async (tx) => {
      for (const { a, b } of pairs) {
        for (const acc of [a, b]) for (const type of ['vpc', 'vpcPeer', 'subnet']) await tx.identity.setQuota(acc.project_id, type, -1);
      }
    });
    return pairs;
  } finally {
    await store.close();
  }
}

/**
 * The control-plane workflow, 8 calls over two accounts: A creates a VPC, B creates
 * a VPC, A requests a peering, B accepts, A adds a route, A shows the peering, A lists
 * peerings by id, A deletes the peering.
 */
export async function peeringWorkflow(ca: SignedClient, cb: SignedClient, a: CreatedAccount, b: CreatedAccount, n: number): Promise<void> {
  const va = await ca.expect(200, 'POST', `/v1/${a.project_id}/vpcs`, { vpc: { name: `wa-${n}`, cidr: '192.168.0.0/16' } });
  const vb = await cb.expect(200, 'POST', `/v1/${b.project_id}/vpcs`, { vpc: { name: `wb-${n}`, cidr: '172.16.0.0/16' } });
  const p = await ca.expect(201, 'POST', '/v2.0/vpc/peerings', {
    peering: { name: `p-${n}`, request_vpc_info: { vpc_id: va.vpc.id }, accept_vpc_info: { vpc_id: vb.vpc.id, tenant_id: b.project_id } },
  });
  const id = p.peering.id;
  await cb.expect(200, 'PUT', `/v2.0/vpc/peerings/${id}/accept`);
  await ca.expect(201, 'POST', '/v2.0/vpc/routes', { route: { destination: '172.16.0.0/16', nexthop: id, type: 'peering', vpc_id: va.vpc.id } });
  await ca.expect(200, 'GET', `/v2.0/vpc/peerings/${id}`);
  await ca.expect(200, 'GET', `/v2.0/vpc/peerings?id=${id}`);
  await ca.expect(204, 'DELETE', `/v2.0/vpc/peerings/${id}`);
}

/**
 * `loops` concurrent loops, each calling `run(loop)` again until `seconds` have passed
 * (calls under way then still finish); resolves to how many calls completed.
 */
export async function loopFor(loops: number, seconds: number, run: (loop: number) => Promise<void>): Promise<number> {
  let done = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: loops }, async (_, loop) => {
    while (performance.now() < deadline) {
      await run(loop);
      done++;
    }
  }));
  return done;
}
