import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Who a workflow's SDK client signs as: an account's keys and project. */
export interface SdkAccount {
  access_key: string;
  secret_key: string;
  project_id: string;
}

/** The official SDK's VPC client (v2: VPCs v1, peerings and routes v2.0); loaded with require, so untyped. */
export type SdkClient = any;

export function sdkClient(url: string, account: SdkAccount): SdkClient {
  const core = require('@huaweicloud/huaweicloud-sdk-core');
  const vpc = require('@huaweicloud/huaweicloud-sdk-vpc');
  // The SDK logs every request at info level by default; a benchmark measures the calls.
  require('@huaweicloud/huaweicloud-sdk-core/logger/log4jLogger').Logger4jInstance.level = 'off';
  return vpc.v2.VpcClient.newBuilder()
    .withCredential(new core.BasicCredentials().withAk(account.access_key).withSk(account.secret_key).withProjectId(account.project_id))
    .withEndpoint(url)
    .build();
}

/** The 8-call workflow (bench/workflow.ts), through the SDK. */
export async function sdkPeeringWorkflow(sa: SdkClient, sb: SdkClient, bProject: string, n: number): Promise<void> {
  const va = await sa.createVpc({ body: { vpc: { name: `sa-${n}`, cidr: '192.168.0.0/16' } } });
  const vb = await sb.createVpc({ body: { vpc: { name: `sb-${n}`, cidr: '172.16.0.0/16' } } });
  const p = await sa.createVpcPeering({ body: { peering: { name: `s-${n}`, request_vpc_info: { vpc_id: va.vpc.id }, accept_vpc_info: { vpc_id: vb.vpc.id, tenant_id: bProject } } } });
  await sb.acceptVpcPeering({ peering_id: p.peering.id });
  await sa.createVpcRoute({ body: { route: { destination: '172.16.0.0/16', nexthop: p.peering.id, type: 'peering', vpc_id: va.vpc.id } } });
  await sa.showVpcPeering({ peering_id: p.peering.id });
  await sa.listVpcPeerings({ id: p.peering.id });
  await sa.deleteVpcPeering({ peering_id: p.peering.id });
}

export interface SequentialRun {
  workflows: number;
  seconds: number;
  /** CPU this process (the SDK) spent per API call, in ms. */
  clientMsPerCall: number;
}

/**
 * The SDK workflow one call at a time for `seconds`, unmeasured. Run it first: V8 needs a
 * few thousand calls to compile the SDK's hot paths (axios, follow-redirects, the signer);
 * after 80 calls the SDK still spent about twice the CPU per call it spends once warm
 * (measured 2026-11-27), and the earlier 10-workflow warm-up put that into the figure.
 */
export async function warmSdkWorkflows(sa: SdkClient, sb: SdkClient, bProject: string, seconds: number): Promise<void> {
  const deadline = performance.now() + seconds * 1000;
  for (let n = 1; performance.now() < deadline; n++) await sdkPeeringWorkflow(sa, sb, bProject, -n);
}

/** The SDK workflow one call at a time for `seconds`, measured. */
export async function sequentialSdkWorkflows(sa: SdkClient, sb: SdkClient, bProject: string, seconds: number): Promise<SequentialRun> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let workflows = 0;
  while (performance.now() < deadline) await sdkPeeringWorkflow(sa, sb, bProject, workflows++);
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { workflows, seconds: elapsed, clientMsPerCall: (used.user + used.system) / 1000 / (workflows * 8) };
}
