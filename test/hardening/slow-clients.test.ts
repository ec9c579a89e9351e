/**
 * Slow or stalled clients cannot exhaust the server: a client that never finishes its
 * headers or its body is cut off, idle keep-alive sockets are closed, connections beyond
 * the limit are refused, and meanwhile every other client is served.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { createServer, type RunningServer } from '../../src/app.js';
import { parseServeOptions } from '../../src/config.js';

let server: RunningServer;
let port: number;
const dir = mkdtempSync(join(tmpdir(), 'isthmus-slow-'));

before(async () => {
  const config = parseServeOptions({
    listen: '127.0.0.1:0', dataDir: dir, regions: 'eu-de', dataplane: 'none', dataplanePrefix: 'ist',
    peeringExpiry: '7d', quota: [], eipPool: '198.51.100.0/24',
  });
  server = await createServer({
    config,
    limits: { headersTimeoutMs: 800, requestTimeoutMs: 1_500, keepAliveTimeoutMs: 500, idleTimeoutMs: 5_000, checkIntervalMs: 100, maxConnections: 20 },
  });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  port = (server.app.server.address() as { port: number }).port;
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw socket; resolves `closed` with the time it was closed and what the server said. */
function open(): Promise<{ socket: Socket; closed: Promise<{ at: number; data: string }> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (d) => { data += d.toString(); });
    const closed = new Promise<{ at: number; data: string }>((res) => socket.on('close', () => res({ at: Date.now(), data })));
    socket.on('error', () => {});
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

async function healthy(): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/health`);
  assert.equal(res.status, 200);
  await res.text();
}

it('a client stalling in its headers is cut off while others are served', async () => {
  const { socket, closed } = await open();
  const start = Date.now();
  socket.write('GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ');
  for (let i = 0; i < 5; i++) await healthy();
  const { at } = await closed;
  assert.ok(at - start < 3_000, `cut off after ${at - start} ms`);
});

it('a client stalling in its body is cut off (408) while others are served', async () => {
  const { socket, closed } = await open();
  const start = Date.now();
  socket.write('POST /v2.0/vpc/peerings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"peering":');
  const trickle = setInterval(() => socket.write(' '), 200); // slowloris: a byte now and then
  try {
    for (let i = 0; i < 5; i++) await healthy();
    const { at, data } = await closed;
    assert.ok(at - start < 4_000, `cut off after ${at - start} ms`);
    assert.ok(data === '' || /^HTTP\/1\.1 408/.test(data), `answer: ${data.slice(0, 100)}`);
  } finally {
    clearInterval(trickle);
  }
});

it('an idle keep-alive connection is closed', async () => {
  const { socket, closed } = await open();
  socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
  const start = Date.now();
  const { at, data } = await closed;
  assert.match(data, /^HTTP\/1\.1 200/);
  assert.ok(at - start < 3_000, `closed after ${at - start} ms`);
});

it('connections beyond the limit are refused, and served again once others go', async () => {
  const held: Array<Awaited<ReturnType<typeof open>>> = [];
  for (let i = 0; i < 20; i++) {
    const c = await open();
    c.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n'); // stalled, holding a slot
    held.push(c);
  }
  const extra = await open();
  extra.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
  const { data } = await extra.closed;
  assert.equal(data, '', 'the connection over the limit is dropped unanswered');
  for (const c of held) c.socket.destroy();
  await Promise.all(held.map((c) => c.closed));
  await new Promise((r) => setTimeout(r, 50));
  await healthy();
});
