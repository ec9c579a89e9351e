#!/usr/bin/env node
// A small in-memory stand-in for `isthmus serve`, for working on the console's look
// without the real server: `node dev/mock-server.mjs [port]` serves dist/ at /console/ and
// the slice of the API the console uses. It is not a test oracle; the end-to-end tests
// run against the real server.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { extname, join } from 'node:path';

const port = Number(process.argv[2] ?? 18090);
const dist = new URL('../dist/', import.meta.url).pathname;
const now = () => new Date().toISOString().slice(0, 19);
const accounts = new Map(); // name -> {password, projectId}
const tokens = new Map(); // token -> projectId
const db = { vpcs: [], subnets: [], peerings: [], routes: [], ports: [], eips: [] };

function account(name) {
  if (!accounts.has(name)) accounts.set(name, { password: 'pw', projectId: randomUUID().replace(/-/g, '') });
  return accounts.get(name);
}
account('alpha');
account('beta');

const send = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', 'X-Request-Id': randomUUID(), ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
};
const fail = (res, status, code, msg) => send(res, status, { code, message: msg, error_code: code, error_msg: msg });

async function body(req) {
  let s = '';
  for await (const c of req) s += c;
  return s ? JSON.parse(s) : {};
}

function rtFor(vpc) {
  const routes = [
    ...db.subnets.filter((s) => s.vpc_id === vpc.id).map((s) => ({ type: 'local', destination: s.cidr, nexthop: '-', description: '' })),
    ...db.routes.filter((r) => r.vpc_id === vpc.id).map((r) => ({ type: 'peering', destination: r.destination, nexthop: r.nexthop, description: '' })),
  ];
  return { id: `rt-${vpc.id}`, name: `rtb-${vpc.name}`, default: true, vpc_id: vpc.id, routes, subnets: db.subnets.filter((s) => s.vpc_id === vpc.id).map((s) => ({ id: s.id })) };
}

function nextIp(subnet) {
  const [a, b, c] = subnet.cidr.split('.');
  const used = db.ports.filter((p) => p.network_id === subnet.id).length;
  return `${a}.${b}.${c}.${10 + used}`;
}

createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const p = url.pathname;
  const m = req.method;
  try {
    if (p.startsWith('/console')) {
      const file = p === '/console' || p === '/console/' ? 'index.html' : p.slice('/console/'.length);
      try {
        const data = await readFile(join(dist, file));
        const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
        res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
        return res.end(data);
      } catch {
        return fail(res, 404, 'HTTP 404', 'not found');
      }
    }
    if (p === '/v3/auth/tokens' && m === 'POST') {
      const b = await body(req);
      const u = b.auth?.identity?.password?.user;
      const a = accounts.get(u?.domain?.name);
      if (!a || u.password !== a.password) return fail(res, 401, 'IAM.0002', 'The username or password is wrong.');
      const t = randomUUID();
      tokens.set(t, a.projectId);
      return send(res, 201, { token: { expires_at: '2099-01-01T00:00:00.000000Z', methods: ['password'], user: { id: 'u', name: u.name, domain: { id: 'd', name: u.domain.name } }, project: { id: a.projectId, name: 'eu-de' }, roles: [], catalog: [] } }, { 'X-Subject-Token': t });
    }
    const pid = tokens.get(req.headers['x-auth-token']);
    if (!pid) return fail(res, 401, 'VPC.0008', 'Invalid token in the header.');
    if (p === '/v3/auth/projects') return send(res, 200, { projects: [{ id: pid, name: 'eu-de', enabled: true }] });
    const mine = (x) => x.tenant_id === pid;
    let r;
    if ((r = /^\/v1\/[^/]+\/vpcs(?:\/([^/]+))?(?:\/subnets\/([^/]+))?$/.exec(p))) {
      if (r[2] && m === 'DELETE') { db.subnets = db.subnets.filter((s) => s.id !== r[2]); return send(res, 204); }
      if (!r[1] && m === 'GET') return send(res, 200, { vpcs: db.vpcs.filter(mine) });
      if (!r[1] && m === 'POST') {
        const b = (await body(req)).vpc;
        if (db.vpcs.some((v) => mine(v) && v.name === b.name)) return fail(res, 400, 'VPC.0115', 'The router name exists.');
        const v = { id: randomUUID(), name: b.name, cidr: b.cidr, description: b.description ?? '', status: 'OK', tenant_id: pid, created_at: now(), updated_at: now() };
        db.vpcs.push(v);
        return send(res, 200, { vpc: v });
      }
      const v = db.vpcs.find((x) => x.id === r[1] && mine(x));
      if (!v) return fail(res, 404, 'VPC.0003', 'VPC does not exist.');
      if (m === 'GET') return send(res, 200, { vpc: v });
      if (m === 'DELETE') {
        if (db.subnets.some((s) => s.vpc_id === v.id)) return fail(res, 409, 'VPC.0104', 'Router contains subnets, please delete subnet first.');
        db.vpcs = db.vpcs.filter((x) => x !== v);
        return send(res, 204);
      }
    }
    if (/^\/v1\/[^/]+\/subnets$/.test(p)) {
      if (m === 'GET') return send(res, 200, { subnets: db.subnets.filter((s) => mine(s) && (!url.searchParams.get('vpc_id') || s.vpc_id === url.searchParams.get('vpc_id'))) });
      const b = (await body(req)).subnet;
      const s = { id: randomUUID(), ...b, status: 'ACTIVE', tenant_id: pid };
      db.subnets.push(s);
      return send(res, 200, { subnet: s });
    }
    if ((r = /^\/v1\/[^/]+\/routetables(?:\/([^/]+))?$/.exec(p))) {
      if (m === 'GET') return send(res, 200, { routetables: db.vpcs.filter((v) => mine(v) && (!url.searchParams.get('vpc_id') || v.id === url.searchParams.get('vpc_id'))).map(rtFor) });
      const vpc = db.vpcs.find((v) => `rt-${v.id}` === r[1]);
      const b = (await body(req)).routetable.routes;
      for (const a of b.add ?? []) db.routes.push({ id: randomUUID(), destination: a.destination, nexthop: a.nexthop, type: 'peering', vpc_id: vpc.id, tenant_id: pid });
      for (const d of b.del ?? []) db.routes = db.routes.filter((x) => !(x.vpc_id === vpc.id && x.destination === d.destination));
      return send(res, 200, { routetable: rtFor(vpc) });
    }
    if (p === '/v2.0/vpc/routes') return send(res, 200, { routes: db.routes.filter(mine) });
    if ((r = /^\/v2\.0\/vpc\/peerings(?:\/([^/]+))?(?:\/(accept|reject))?$/.exec(p))) {
      const visible = (x) => x.request_vpc_info.tenant_id === pid || x.accept_vpc_info.tenant_id === pid;
      if (!r[1] && m === 'GET') {
        const st = url.searchParams.get('status');
        return send(res, 200, { peerings: db.peerings.filter((x) => visible(x) && (!st || x.status === st)) });
      }
      if (!r[1] && m === 'POST') {
        const b = (await body(req)).peering;
        const acc = db.vpcs.find((v) => v.id === b.accept_vpc_info.vpc_id);
        if (!acc) return send(res, 400, { NeutronError: { type: 'InvalidInput', message: 'Invalid input for operation: Accept VPC id or tenant id is incorrect.', detail: '' }, error_code: 'VPC.1001', error_msg: 'Invalid input for operation: Accept VPC id or tenant id is incorrect.' });
        const x = { id: randomUUID(), name: b.name, description: b.description ?? '', status: acc.tenant_id === pid ? 'ACTIVE' : 'PENDING_ACCEPTANCE', request_vpc_info: { vpc_id: b.request_vpc_info.vpc_id, tenant_id: pid }, accept_vpc_info: { vpc_id: acc.id, tenant_id: acc.tenant_id }, created_at: now(), updated_at: now() };
        db.peerings.push(x);
        return send(res, 201, { peering: x });
      }
      const x = db.peerings.find((y) => y.id === r[1] && visible(y));
      if (!x) return send(res, 404, { NeutronError: { type: 'PeeringNotFound', message: 'Peering could not be found.', detail: '' }, error_code: 'VPC.1004', error_msg: 'Peering could not be found.' });
      if (r[2]) { x.status = r[2] === 'accept' ? 'ACTIVE' : 'REJECTED'; return send(res, 200, x); }
      if (m === 'GET') return send(res, 200, { peering: x });
      if (m === 'PUT') { Object.assign(x, (await body(req)).peering); return send(res, 200, { peering: x }); }
      if (m === 'DELETE') { db.peerings = db.peerings.filter((y) => y !== x); db.routes = db.routes.filter((y) => y.nexthop !== x.id); return send(res, 204); }
    }
    if (/^\/v1\/[^/]+\/ports$/.test(p)) {
      if (m === 'GET') return send(res, 200, { ports: db.ports.filter(mine) });
      const b = (await body(req)).port;
      const s = db.subnets.find((x) => x.id === b.network_id);
      const x = { id: randomUUID(), name: b.name, network_id: b.network_id, device_owner: b.device_owner, status: 'ACTIVE', tenant_id: pid, fixed_ips: [{ ip_address: nextIp(s), subnet_id: s.id }] };
      db.ports.push(x);
      return send(res, 200, { port: x });
    }
    if ((r = /^\/v1\/[^/]+\/publicips(?:\/([^/]+))?$/.exec(p))) {
      if (m === 'GET') return send(res, 200, { publicips: db.eips.filter(mine) });
      if (m === 'POST') {
        const x = { id: randomUUID(), public_ip_address: `198.51.100.${db.eips.length + 10}`, port_id: null, status: 'DOWN', tenant_id: pid, bandwidth_size: 10 };
        db.eips.push(x);
        return send(res, 200, { publicip: x });
      }
      const x = db.eips.find((y) => y.id === r[1]);
      if (m === 'PUT') { const b = (await body(req)).publicip; x.port_id = b.port_id || null; x.status = x.port_id ? 'ACTIVE' : 'DOWN'; return send(res, 200, { publicip: x }); }
      if (m === 'DELETE') { db.eips = db.eips.filter((y) => y !== x); return send(res, 204); }
    }
    if (/^\/isthmus\/v1\/[^/]+\/reachability$/.test(p)) {
      const b = await body(req);
      const src = db.ports.find((x) => x.id === b.source.port_id);
      const dst = b.destination.port_id ? db.ports.find((x) => x.id === b.destination.port_id) : null;
      const sv = db.subnets.find((s) => s.id === src.network_id);
      const dv = dst ? db.subnets.find((s) => s.id === dst.network_id) : null;
      const vA = db.vpcs.find((v) => v.id === sv.vpc_id);
      const vB = dv ? db.vpcs.find((v) => v.id === dv.vpc_id) : null;
      const peering = vB && db.peerings.find((x) => [x.request_vpc_info.vpc_id, x.accept_vpc_info.vpc_id].sort().join() === [vA.id, vB.id].sort().join());
      const fwd = db.routes.find((x) => x.vpc_id === vA.id && x.nexthop === peering?.id);
      const back = db.routes.find((x) => x.vpc_id === vB?.id && x.nexthop === peering?.id);
      const dIp = dst ? dst.fixed_ips[0].ip_address : b.destination.ip;
      const forward = [{ at: `${src.name} (${src.id})`, action: 'send', detail: `${src.fixed_ips[0].ip_address} -> ${dIp} ${b.protocol}` }];
      if (!peering || peering.status !== 'ACTIVE') return send(res, 200, { reachable: false, reason: peering ? 'PEERING_NOT_ACTIVE' : 'NO_ROUTE', explanation: `No route in ${vA.name} leads to ${dIp}.`, forward: [...forward, { at: vA.name, action: 'drop', detail: `no route to ${dIp}` }], return: [] });
      if (!fwd) return send(res, 200, { reachable: false, reason: 'NO_ROUTE', explanation: `Add a route to ${vB.cidr} via ${peering.name} in ${vA.name}.`, forward: [...forward, { at: vA.name, action: 'drop', detail: `no route to ${dIp}` }], return: [] });
      forward.push({ at: `${vA.name} (${vA.id})`, action: 'route', detail: `${fwd.destination} via peering ${peering.id}` }, { at: `${vB.name} (${vB.id})`, action: 'accept', detail: `from ${peering.name}` }, { at: `${dst.name} (${dst.id})`, action: 'deliver', detail: dIp });
      if (!back) return send(res, 200, { reachable: false, reason: 'NO_RETURN_ROUTE', explanation: `The request arrives, but ${vB.name} has no route back to ${src.fixed_ips[0].ip_address}: add a route to ${vA.cidr} via ${peering.name} in ${vB.name}.`, forward, return: [{ at: `${vB.name} (${vB.id})`, action: 'drop', detail: `no route to ${src.fixed_ips[0].ip_address}` }] });
      return send(res, 200, { reachable: true, reason: 'REACHABLE', explanation: `${src.name} reaches ${dst.name} through ${peering.name}, and the reply comes back the same way.`, forward, return: [{ at: `${vB.name} (${vB.id})`, action: 'route', detail: `${back.destination} via peering ${peering.id}` }, { at: `${src.name} (${src.id})`, action: 'deliver', detail: src.fixed_ips[0].ip_address }] });
    }
    return fail(res, 404, 'APIGW.0101', `No such operation: ${m} ${p}`);
  } catch (e) {
    return fail(res, 500, 'VPC.9999', String(e));
  }
}).listen(port, '127.0.0.1', () => {
  console.log(`mock API and console on http://127.0.0.1:${port}/console/ (accounts: ${[...accounts.entries()].map(([n, a]) => `${n}/${a.projectId}`).join(', ')}, password pw)`);
});
