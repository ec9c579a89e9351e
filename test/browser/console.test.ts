// Browser tier: the web console against a real `isthmus serve`, driven by playwright-core
// in Debian's Chromium. Two accounts in two browser contexts: A requests a cross-account
// peering, B sees the request highlighted and accepts it, both see it ACTIVE without a
// reload; then the topology and a reachability check render. Screenshots of every page go
// to test-results/console/ for a person to look at.
//
// Chromium missing: the test is skipped on a developer machine, and fails under CI=true.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort } from '../support/server-process.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-results', 'console');
const IN_CI = process.env.CI === 'true';
/** Development only: serve console/dist in front of a server that does not serve /console/ yet. */
const DEV_PROXY = process.env.ISTHMUS_CONSOLE_DEV_PROXY === '1' && !IN_CI;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

interface Account {
  account_id: string;
  account_name: string;
  project_id: string;
  region: string;
  user: string;
  password: string;
}

/** playwright-core from the root package, or else from the console's own devDependencies. */
async function loadPlaywright(): Promise<typeof import('playwright-core')> {
  try {
    return await import('playwright-core');
  } catch {
    const req = createRequire(join(ROOT, 'console', 'package.json'));
    return req('playwright-core') as typeof import('playwright-core');
  }
}

/** Serves console/dist at /console/ and forwards everything else to the API server. */
async function devProxy(api: string): Promise<{ server: Server; url: string }> {
  const dist = join(ROOT, 'console', 'dist');
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
  const server = createHttpServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/console')) {
      const rel = normalize(path.replace(/^\/console\/?/, '') || 'index.html');
      try {
        const body = readFileSync(join(dist, rel.startsWith('..') ? 'index.html' : rel));
        res.writeHead(200, { 'Content-Type': types[extname(rel)] ?? 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
      return;
    }
    const target = new URL(req.url ?? '/', api);
    const fwd = httpRequest(target, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    fwd.on('error', () => res.writeHead(502).end());
    req.pipe(fwd);
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return { server, url: `http://127.0.0.1:${port}` };
}

const missing = !existsSync(CHROMIUM)
  ? `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`
  : !existsSync(join(ROOT, 'console', 'dist', 'index.html'))
    ? 'console/dist is not built (npm --prefix console ci && npm --prefix console run build)'
    : !existsSync(join(ROOT, 'dist', 'main.js'))
      ? 'the server is not built (npm run build)'
      : null;

describe('web console', { skip: !IN_CI && missing ? missing : false }, () => {
  let dataDir = '';
  let server: ChildProcess | null = null;
  let serverLog = '';
  let base = '';
  /** Where the browser opens the console: the server itself, or the development proxy. */
  let consoleBase = '';
  let proxy: Server | null = null;
  let browser: Browser | null = null;
  let a: Account;
  let b: Account;
  let ctxA: BrowserContext;
  let ctxB: BrowserContext;
  let pageA: Page;
  let pageB: Page;
  /** Uncaught errors in the pages: there must be none. */
  const pageErrors: string[] = [];
  /** B's VPC and instance, made through the API with B's token. */
  const bSide = { token: '', vpcId: '', subnetId: '', ip: '', routeTableId: '' };

  const api = async (path: string, init: { method?: string; body?: unknown; token?: string } = {}) => {
    const res = await fetch(base + path, {
      method: init.method ?? 'GET',
      headers: { 'Content-Type': 'application/json', ...(init.token ? { 'X-Auth-Token': init.token } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} -> ${res.status} ${text}`);
    return { res, json };
  };

  /** A token for an account, through the password API. */
  const tokenFor = async (acc: Account) => {
    const { res } = await api('/v3/auth/tokens', {
      method: 'POST',
      body: {
        auth: {
          identity: { methods: ['password'], password: { user: { name: acc.user, password: acc.password, domain: { name: acc.account_name } } } },
          scope: { project: { name: acc.region, domain: { name: acc.account_name } } },
        },
      },
    });
    return res.headers.get('X-Subject-Token') ?? '';
  };

  const shot = async (page: Page, name: string) => {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
  };

  before(async () => {
    if (missing) assert.fail(`browser tier cannot run under CI=true: ${missing}`);
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'isthmus-console-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [join(ROOT, 'bin', 'isthmus'), 'serve', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir, '--dataplane', 'none', '--regions', 'eu-de,eu-nl'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d) => (serverLog += d));
    server.stderr!.on('data', (d) => (serverLog += d));
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        if ((await fetch(`${base}/health`)).ok) break;
      } catch {
        /* not up yet */
      }
      if (server.exitCode !== null || Date.now() > deadline) assert.fail(`server did not start:\n${serverLog}`);
      await new Promise((r) => setTimeout(r, 150));
    }
    consoleBase = base;
    if (DEV_PROXY && (await fetch(`${consoleBase}/console/`)).status === 404) {
      const p = await devProxy(base);
      proxy = p.server;
      consoleBase = p.url;
    }
    const create = (name: string): Account =>
      JSON.parse(
        execFileSync(process.execPath, [join(ROOT, 'bin', 'isthmus'), 'account', 'create', name, '--data-dir', dataDir, '--json'], {
          cwd: ROOT,
          encoding: 'utf8',
        }),
      );
    a = create('console-a');
    b = create('console-b');

    const { chromium } = await loadPlaywright();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // launch() gives every run a fresh, empty profile directory of its own (Playwright
      // refuses --user-data-dir here); contexts are isolated from each other on top of that.
      args: CHROMIUM_ARGS,
    });
    ctxA = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    ctxB = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    pageA = await ctxA.newPage();
    pageB = await ctxB.newPage();
    for (const p of [pageA, pageB]) {
      p.setDefaultTimeout(15_000);
      p.on('pageerror', (e) => pageErrors.push(`${e.message}\n${e.stack ?? ''}`));
    }
  });

  after(async () => {
    await browser?.close().catch(() => {});
    proxy?.close();
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const login = async (page: Page, acc: Account) => {
    await page.goto(`${consoleBase}/console/`);
    await page.getByLabel('Account name').fill(acc.account_name);
    await page.getByLabel('IAM user name').fill(acc.user);
    await page.getByLabel('Password').fill(acc.password);
    await page.getByLabel('Region').fill(acc.region);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Virtual Private Clouds' }).waitFor();
  };

  test('isthmus serves the console at /console/', async (t) => {
    if (proxy) return t.skip('ISTHMUS_CONSOLE_DEV_PROXY=1: the console comes from the development proxy');
    const res = await fetch(`${base}/console/`);
    assert.equal(res.status, 200, 'GET /console/ must answer the console');
    assert.match(await res.text(), /<div id="root">/);
  });

  test('the sign-in page shows a refused sign-in as the API said it', async () => {
    await pageA.goto(`${consoleBase}/console/`);
    await pageA.getByRole('heading', { name: 'Isthmus' }).waitFor();
    await shot(pageA, '01-login');
    await pageA.getByLabel('Account name').fill(a.account_name);
    await pageA.getByLabel('IAM user name').fill(a.user);
    await pageA.getByLabel('Password').fill('wrong-password');
    await pageA.getByRole('button', { name: 'Sign in' }).click();
    const alert = pageA.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    assert.match(text, /Error code/);
    assert.match(text, /HTTP status\s*401/);
    await shot(pageA, '02-login-error');
  });

  test('account A signs in, creates a VPC with a subnet and an instance', async () => {
    await login(pageA, a);
    await shot(pageA, '03-vpcs-empty');
    await pageA.getByRole('button', { name: 'Create VPC' }).click();
    const dialog = pageA.getByRole('dialog', { name: 'Create VPC' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('vpc a');
    await dialog.getByLabel('IPv4 CIDR block').fill('192.168.0.0/15');
    await dialog.getByRole('button', { name: 'Create VPC' }).click();
    await dialog.getByText('may contain only letters').waitFor();
    await dialog.getByText('/16 to /24').waitFor();
    await shot(pageA, '04-vpc-create-invalid');
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('vpc-a');
    await dialog.getByLabel('IPv4 CIDR block').fill('192.168.0.0/16');
    await dialog.getByRole('button', { name: 'Create VPC' }).click();
    await pageA.getByRole('heading', { name: /vpc-a/ }).waitFor();

    await pageA.getByRole('button', { name: 'Create subnet' }).click();
    const sd = pageA.getByRole('dialog', { name: /Create subnet/ });
    await sd.getByRole('textbox', { name: 'Name', exact: true }).fill('subnet-a1');
    assert.equal(await sd.getByLabel('IPv4 CIDR block').inputValue(), '192.168.0.0/24');
    await sd.getByRole('button', { name: 'Create subnet' }).click();
    await pageA.getByRole('cell', { name: 'subnet-a1', exact: true }).waitFor();

    await pageA.getByRole('tab', { name: /Instances/ }).click();
    await pageA.getByRole('button', { name: 'Create instance' }).click();
    const id = pageA.getByRole('dialog', { name: 'Create instance' });
    await id.getByRole('textbox', { name: 'Name', exact: true }).fill('ecs-a01');
    await id.getByRole('button', { name: 'Create instance' }).click();
    await pageA.getByRole('cell', { name: 'ecs-a01', exact: true }).waitFor();
    await pageA.getByRole('tab', { name: /Subnets/ }).click();
    await shot(pageA, '05-vpc-detail');
  });

  test("account B's VPC and instance exist (made through the API)", async () => {
    const { res, json } = await api('/v3/auth/tokens', {
      method: 'POST',
      body: {
        auth: {
          identity: { methods: ['password'], password: { user: { name: b.user, password: b.password, domain: { name: b.account_name } } } },
          scope: { project: { name: b.region, domain: { name: b.account_name } } },
        },
      },
    });
    assert.equal(res.status, 201);
    assert.equal(json.token.project.id, b.project_id);
    bSide.token = res.headers.get('X-Subject-Token') ?? '';
    assert.ok(bSide.token, 'X-Subject-Token header');
    const t = bSide.token;
    bSide.vpcId = (await api(`/v1/${b.project_id}/vpcs`, { method: 'POST', token: t, body: { vpc: { name: 'vpc-b', cidr: '172.16.0.0/16' } } })).json.vpc.id;
    bSide.subnetId = (
      await api(`/v1/${b.project_id}/subnets`, {
        method: 'POST', token: t, body: { subnet: { name: 'subnet-b1', cidr: '172.16.0.0/24', gateway_ip: '172.16.0.1', vpc_id: bSide.vpcId } },
      })
    ).json.subnet.id;
    const port = (
      await api(`/v1/${b.project_id}/ports`, { method: 'POST', token: t, body: { port: { name: 'rds-b01', network_id: bSide.subnetId, device_owner: 'compute:eu-de-01' } } })
    ).json.port;
    bSide.ip = port.fixed_ips[0].ip_address;
    assert.match(bSide.ip, /^172\.16\.0\.\d+$/);
  });

  test('account A requests a peering with a VPC in account B', async () => {
    await pageA.goto(`${consoleBase}/console/#/peerings`);
    await pageA.getByRole('heading', { name: 'VPC peering connections' }).waitFor();
    await pageA.getByRole('button', { name: 'Create peering connection' }).click();
    const d = pageA.getByRole('dialog', { name: 'Create VPC peering connection' });
    await d.getByRole('textbox', { name: 'Name', exact: true }).fill('peering-ab');
    await d.getByRole('radio', { name: /A VPC in another account/ }).check();
    await d.getByText('The other account must accept this request.').waitFor();
    await d.getByLabel('Peer project ID').fill(b.project_id);
    await d.getByLabel('Peer VPC ID').fill(bSide.vpcId);
    await shot(pageA, '06-peering-create');
    await d.getByRole('button', { name: 'Send request' }).click();
    const row = pageA.getByRole('row', { name: /peering-ab/ });
    await row.getByText('Pending acceptance').waitFor();
    // A is the requester: no Accept button on its side.
    assert.equal(await pageA.getByRole('button', { name: /Accept peering request/ }).count(), 0);
    await shot(pageA, '07-peerings-pending');
  });

  test('account B sees the request highlighted and accepts it; both see ACTIVE', async () => {
    await login(pageB, b);
    await pageB.goto(`${consoleBase}/console/#/peerings`);
    const incoming = pageB.getByRole('region', { name: /Incoming requests/ });
    const item = incoming.getByTestId('incoming-request').filter({ hasText: 'peering-ab' });
    await item.waitFor();
    assert.match(await item.innerText(), new RegExp(a.project_id));
    await shot(pageB, '08-incoming-request');
    await item.getByRole('button', { name: 'Accept peering request peering-ab' }).click();
    await pageB.getByRole('row', { name: /peering-ab/ }).getByText('Active').waitFor();
    assert.equal(await incoming.count(), 0);
    await shot(pageB, '09-peerings-active-b');
    // A's list turns ACTIVE by polling, without a reload.
    await pageA.getByRole('row', { name: /peering-ab/ }).getByText('Active').waitFor({ timeout: 15_000 });
    await shot(pageA, '10-peerings-active-a');
  });

  test('A adds a route through the peering; B adds the return route', async () => {
    await pageA.getByRole('link', { name: 'Virtual Private Clouds' }).click();
    await pageA.getByRole('link', { name: 'vpc-a' }).click();
    await pageA.getByRole('tab', { name: /Route table/ }).click();
    await pageA.getByRole('button', { name: 'Add route' }).click();
    const d = pageA.getByRole('dialog', { name: /Add route/ });
    await d.getByLabel('Destination').fill('172.16.0.0/16');
    await d.getByRole('button', { name: 'Add route' }).click();
    await pageA.getByRole('row', { name: /172\.16\.0\.0\/16/ }).getByRole('link', { name: 'peering-ab' }).waitFor();
    await shot(pageA, '11-route-table');

    const peerings = (await api('/v2.0/vpc/peerings', { token: bSide.token })).json.peerings;
    const peering = peerings.find((p: { name: string }) => p.name === 'peering-ab');
    assert.equal(peering.status, 'ACTIVE');
    await api('/v2.0/vpc/routes', {
      method: 'POST', token: bSide.token, body: { route: { destination: '192.168.0.0/16', nexthop: peering.id, type: 'peering', vpc_id: bSide.vpcId } },
    });
  });

  test('the peering page lists the routes on both sides and the delete confirmation names them', async () => {
    await pageA.goto(`${consoleBase}/console/#/peerings`);
    await pageA.getByRole('link', { name: 'peering-ab' }).click();
    await pageA.getByRole('heading', { name: /peering-ab/ }).waitFor();
    await pageA.getByText('172.16.0.0/16 → peering-ab').waitFor();
    await shot(pageA, '12-peering-detail');
    await pageA.getByRole('button', { name: 'Delete', exact: true }).click();
    const d = pageA.getByRole('dialog', { name: /Delete peering peering-ab/ });
    await d.getByRole('list', { name: 'Routes deleted with the peering' }).getByText('172.16.0.0/16').waitFor();
    await shot(pageA, '13-peering-delete-confirm');
    await d.getByRole('button', { name: 'Cancel' }).click();
  });

  test('A assigns an EIP and binds it to the instance', async () => {
    await pageA.getByRole('link', { name: 'Instances & EIPs' }).click();
    await pageA.getByRole('button', { name: 'Assign EIP' }).click();
    await pageA.getByRole('dialog', { name: 'Assign EIP' }).getByRole('button', { name: 'Assign EIP' }).click();
    await pageA.getByRole('button', { name: /^Bind EIP/ }).click();
    await pageA.getByRole('dialog', { name: /Bind EIP/ }).getByRole('button', { name: 'Bind' }).click();
    await pageA.getByRole('button', { name: /^Unbind EIP/ }).waitFor();
    await shot(pageA, '14-instances-eips');
  });

  test('the topology shows both sides and a reachability check highlights the path', async () => {
    await pageA.getByRole('link', { name: 'Topology & reachability' }).click();
    const topo = pageA.getByTestId('topology');
    await pageA.locator('[data-testid="topology"][data-ready="true"]').waitFor();
    await topo.locator('.react-flow__node-vpc').filter({ hasText: 'vpc-a' }).waitFor();
    await topo.locator('.react-flow__node-external').first().waitFor();
    await topo.locator('.react-flow__node-instance').filter({ hasText: 'ecs-a01' }).waitFor();
    assert.equal(await topo.locator('.react-flow__edge[data-status="ACTIVE"]').count(), 1);
    await shot(pageA, '15-topology');

    const form = pageA.getByRole('form', { name: 'Reachability check' });
    await form.getByLabel('Source instance').selectOption({ label: await optionLabel(pageA, 'ecs-a01') });
    await form.getByRole('radio', { name: 'IP address' }).check();
    await form.getByLabel('Destination IP address').fill(bSide.ip);
    await form.getByRole('button', { name: 'Check reachability' }).click();
    const verdict = pageA.getByTestId('verdict');
    await verdict.waitFor();
    const text = await verdict.innerText();
    assert.match(text, /Reachable|Not reachable/);
    assert.match(text, /REACHABLE|NO_ROUTE|PEERING_NOT_ACTIVE|NO_RETURN_ROUTE|TRANSIT_DENIED|EDGE_TO_EDGE_DENIED|LOCAL_ROUTE_WINS|ADDRESS_NOT_FOUND/);
    assert.match(text, /Request path/);
    // Routes exist both ways over an ACTIVE peering: the engine must say reachable.
    assert.match(text, /✓\s*Reachable/, text);
    assert.ok((await topo.locator('[data-highlighted="true"]').count()) >= 1, 'path highlighted on the diagram');
    await shot(pageA, '16-topology-reachability');

    await pageB.getByRole('link', { name: 'Topology & reachability' }).click();
    await pageB.locator('[data-testid="topology"][data-ready="true"]').waitFor();
    await pageB.getByTestId('topology').locator('.react-flow__node-vpc').filter({ hasText: 'vpc-b' }).waitFor();
    await shot(pageB, '17-topology-b');
  });

  test("the seed's Figure 1 in one account: the topology follows a peering's state live", async () => {
    // Account C holds VPC-A (two service servers) and VPC-B (two databases), peered by
    // peering-AB with routes both ways; account A asks to peer vpc-a with C's VPC-B.
    const c: Account = JSON.parse(
      execFileSync(process.execPath, [join(ROOT, 'bin', 'isthmus'), 'account', 'create', 'console-c', '--data-dir', dataDir, '--json'], { cwd: ROOT, encoding: 'utf8' }),
    );
    const t = await tokenFor(c);
    const pid = c.project_id;
    const vpc = async (name: string, cidr: string) => (await api(`/v1/${pid}/vpcs`, { method: 'POST', token: t, body: { vpc: { name, cidr } } })).json.vpc.id as string;
    const subnet = async (name: string, cidr: string, gw: string, vpcId: string) =>
      (await api(`/v1/${pid}/subnets`, { method: 'POST', token: t, body: { subnet: { name, cidr, gateway_ip: gw, vpc_id: vpcId } } })).json.subnet.id as string;
    const instance = async (name: string, subnetId: string) =>
      (await api(`/v1/${pid}/ports`, { method: 'POST', token: t, body: { port: { name, network_id: subnetId, device_owner: 'compute:eu-de-01' } } })).json.port;
    const vA = await vpc('VPC-A', '192.168.0.0/16');
    const vB = await vpc('VPC-B', '172.16.0.0/16');
    const sA = await subnet('subnet-A01', '192.168.1.0/24', '192.168.1.1', vA);
    const sB = await subnet('subnet-B01', '172.16.1.0/24', '172.16.1.1', vB);
    await instance('ECS-A01', sA);
    await instance('ECS-A02', sA);
    const rds = await instance('RDS-B01', sB);
    await instance('RDS-B02', sB);
    const ab = (await api('/v2.0/vpc/peerings', { method: 'POST', token: t, body: { peering: { name: 'peering-AB', request_vpc_info: { vpc_id: vA }, accept_vpc_info: { vpc_id: vB } } } })).json.peering;
    assert.equal(ab.status, 'ACTIVE', 'a peering inside one project is active at once');
    await api('/v2.0/vpc/routes', { method: 'POST', token: t, body: { route: { destination: '172.16.0.0/16', nexthop: ab.id, type: 'peering', vpc_id: vA } } });
    // Only one direction: the check below must find the missing return route.
    const tA = await tokenFor(a);
    const vpcA = (await api(`/v1/${a.project_id}/vpcs`, { token: tA })).json.vpcs.find((v: { name: string }) => v.name === 'vpc-a').id;
    const req = (await api('/v2.0/vpc/peerings', {
      method: 'POST', token: tA, body: { peering: { name: 'from-a', request_vpc_info: { vpc_id: vpcA }, accept_vpc_info: { vpc_id: vB, tenant_id: pid } } },
    })).json.peering;
    assert.equal(req.status, 'PENDING_ACCEPTANCE');

    const ctxC = await browser!.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctxC.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => pageErrors.push(`${e.message}\n${e.stack ?? ''}`));
    await login(page, c);
    await page.goto(`${consoleBase}/console/#/topology`);
    const topo = page.getByTestId('topology');
    await page.locator('[data-testid="topology"][data-ready="true"]').waitFor();
    for (const name of ['ECS-A01', 'ECS-A02', 'RDS-B01', 'RDS-B02']) await topo.locator('.react-flow__node-instance').filter({ hasText: name }).waitFor();
    await topo.locator(`.react-flow__edge[data-status="PENDING_ACCEPTANCE"]`).waitFor();
    await shot(page, '18-figure1-topology');

    const form = page.getByRole('form', { name: 'Reachability check' });
    await form.getByLabel('Source instance').selectOption({ label: await optionLabel(page, 'ECS-A01') });
    await form.getByLabel('Destination instance').selectOption({ label: `RDS-B01 (${rds.fixed_ips[0].ip_address})` });
    await form.getByLabel('Protocol').selectOption('tcp');
    await form.getByLabel('Port').fill('3306');
    await form.getByRole('button', { name: 'Check reachability' }).click();
    const verdict = page.getByTestId('verdict');
    await verdict.getByText('NO_RETURN_ROUTE').waitFor();
    assert.match(await verdict.innerText(), /Not reachable/);
    await topo.locator('.topo--blocked').first().waitFor();
    await shot(page, '19-figure1-no-return-route');

    // The other account's request is accepted elsewhere (the API): the edge turns green here
    // without a reload.
    await api(`/v2.0/vpc/peerings/${req.id}/accept`, { method: 'PUT', token: t });
    await topo.locator('.react-flow__edge[data-status="PENDING_ACCEPTANCE"]').waitFor({ state: 'detached', timeout: 15_000 });
    assert.equal(await topo.locator('.react-flow__edge[data-status="ACTIVE"]').count(), 2);

    // Rename from the list; the new name comes back from the API.
    await page.getByRole('link', { name: 'VPC peering connections' }).click();
    await page.getByRole('button', { name: 'Rename peering peering-AB' }).click();
    const d = page.getByRole('dialog', { name: 'Rename peering connection' });
    await d.getByRole('textbox', { name: 'Name', exact: true }).fill('peering-AB-db');
    await d.getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('link', { name: 'peering-AB-db' }).waitFor();
    assert.equal((await api(`/v2.0/vpc/peerings/${ab.id}`, { token: t })).json.peering.name, 'peering-AB-db');
    await ctxC.close();
  });

  test('the console reads on a narrow window', async () => {
    const narrow = await browser!.newPage({ viewport: { width: 390, height: 844 } });
    await narrow.goto(`${consoleBase}/console/`);
    await narrow.getByLabel('Account name').fill(b.account_name);
    await narrow.getByLabel('IAM user name').fill(b.user);
    await narrow.getByLabel('Password').fill(b.password);
    await narrow.getByRole('button', { name: 'Sign in' }).click();
    await narrow.goto(`${consoleBase}/console/#/peerings`);
    await narrow.getByRole('row', { name: /peering-ab/ }).waitFor();
    await shot(narrow, '20-narrow-peerings');
    const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const wide = await narrow.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('body *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap, .tabs__list, .sidenav ul'))
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
    );
    assert.ok(overflow <= 1, `page scrolls sideways by ${overflow}px: ${wide.join(', ')}`);
    await narrow.close();
  });

  test('A switches region to a second project of the same account', async () => {
    // A project in eu-nl for account A; asking again prints the same password.
    const nl: Account = JSON.parse(
      execFileSync(process.execPath, [join(ROOT, 'bin', 'isthmus'), 'account', 'create', a.account_name, '--region', 'eu-nl', '--data-dir', dataDir, '--json'], {
        cwd: ROOT,
        encoding: 'utf8',
      }),
    );
    assert.equal(nl.account_id, a.account_id);
    await pageA.goto(`${consoleBase}/console/#/vpcs`);
    await pageA.reload();
    const region = pageA.getByRole('combobox', { name: 'Region' });
    await region.locator('option', { hasText: 'eu-nl' }).waitFor({ state: 'attached' });
    await region.selectOption({ label: 'eu-nl' });
    // The server does not re-scope tokens by token, so the console asks for the password.
    const d = pageA.getByRole('dialog', { name: 'Switch to eu-nl' });
    await d.getByLabel('Password').fill(nl.password);
    await shot(pageA, '21-region-switch');
    await d.getByRole('button', { name: 'Switch region' }).click();
    await pageA.getByText('No VPCs yet').waitFor();
    assert.equal(await region.inputValue(), nl.project_id);
    assert.match(await pageA.locator('.sidenav__project').innerText(), new RegExp(nl.project_id));
  });

  test('signing out returns to the sign-in page', async () => {
    await pageA.getByRole('button', { name: 'Sign out' }).click();
    await pageA.getByText('You have signed out.').waitFor();
    await shot(pageA, '22-signed-out');
  });

  test('no page threw an uncaught error', () => {
    assert.deepEqual(pageErrors, []);
  });
});

async function optionLabel(page: Page, startsWith: string): Promise<string> {
  const labels = await page.getByLabel('Source instance').locator('option').allTextContents();
  const l = labels.find((x) => x.startsWith(startsWith));
  assert.ok(l, `no option starting with ${startsWith} in ${labels.join(', ')}`);
  return l;
}
