// The SDK's ceiling: answers the 8 calls of the control-plane workflow with fixed bodies of
// the shapes Isthmus answers (bench/sdk-workflow.ts), checking and storing nothing. The SDK
// driven against it one call at a time spends only its own CPU, plus what this machine
// costs a round trip between two processes: the most any server lets it reach here.
// Started by bench/machine-now.ts: `node bench/canned-server.mjs`; prints its port.
import { createServer } from 'node:http';

const id = '8c8a5a6e-2a0e-4a47-9c2e-6a1f2c7f0d3b';
const project = '0'.repeat(32);
const at = '2026-11-27T00:00:00';
const vpc = { vpc: { id, name: 'canned', description: '', cidr: '192.168.0.0/16', status: 'CREATING', routes: [], enterprise_project_id: '0', tenant_id: project, created_at: at, updated_at: at } };
const peering = {
  id, name: 'canned', description: '', status: 'ACTIVE', created_at: at, updated_at: at,
  request_vpc_info: { vpc_id: id, tenant_id: project }, accept_vpc_info: { vpc_id: id, tenant_id: project },
};
const route = { route: { id, destination: '172.16.0.0/16', nexthop: id, type: 'peering', vpc_id: id, tenant_id: project } };

const answers = [
  // [method, path test, status, body]
  ['POST', (p) => p.endsWith('/vpcs'), 200, vpc],
  ['POST', (p) => p === '/v2.0/vpc/peerings', 201, { peering: { ...peering, status: 'PENDING_ACCEPTANCE' } }],
  ['PUT', (p) => p.endsWith('/accept'), 200, peering],
  ['POST', (p) => p === '/v2.0/vpc/routes', 201, route],
  ['GET', (p) => p.startsWith('/v2.0/vpc/peerings/'), 200, { peering }],
  ['GET', (p) => p === '/v2.0/vpc/peerings', 200, { peerings: [peering] }],
  ['DELETE', (p) => p.startsWith('/v2.0/vpc/peerings/'), 204, null],
].map(([method, test, status, body]) => ({ method, test, status, body: body === null ? '' : JSON.stringify(body) }));

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const path = req.url.split('?')[0];
    const answer = answers.find((a) => a.method === req.method && a.test(path));
    if (!answer) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error_code: 'APIGW.0101', error_msg: `canned server: no answer for ${req.method} ${path}` }));
    }
    res.writeHead(answer.status, answer.body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer.body) } : {});
    res.end(answer.body);
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
