// The floor of the control-plane bench: the least an authenticated API server with
// durable writes does per call on this machine, in Node, with nothing else (no routing,
// schemas, rules, audit, logs or metrics). It verifies the AK/SK signature with
// Isthmus's own verifier (the same bytes of work), stores each POST as one SQLite row
// acknowledged only after the WAL is fdatasync'ed (one fsync shared by the writes of an
// event-loop turn, as Isthmus does) and answers each GET with a primary-key read.
// Started by bench/machine-now.ts: `node bench/floor-server.mjs DIR`; prints its port.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { fdatasync, openSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { verifySignature } from '../dist/api/huawei/auth/signature.js';

const file = join(process.argv[2], 'floor.sqlite');
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
// Isthmus checkpoints on a worker thread; here the WAL simply grows for the run's seconds.
db.pragma('wal_autocheckpoint = 0');
db.exec('create table if not exists items (id text primary key, project_id text not null, body text not null, created_at text not null)');
const insert = db.prepare('insert into items (id, project_id, body, created_at) values (?, ?, ?, ?)');
const byId = db.prepare('select id, project_id, body, created_at from items where id = ?');
insert.run(randomUUID(), 'warm-up', '{}', new Date().toISOString());
const walFd = openSync(`${file}-wal`, 'r+');

let waiting = null;
/** Runs `write` in this turn's transaction; resolves once its COMMIT is on disk. */
function durable(write) {
  if (!waiting) {
    db.exec('begin immediate');
    waiting = [];
    setImmediate(commit);
  }
  write();
  return new Promise((resolve) => waiting.push(resolve));
}
function commit() {
  db.exec('commit');
  const acknowledged = waiting;
  waiting = null;
  fdatasync(walFd, () => { for (const resolve of acknowledged) resolve(); });
}

const answer = (res, status, value) => {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const verified = verifySignature({
      method: req.method, rawUrl: req.url, headers: req.headers, body,
      lookupSecret: (ak) => (ak === 'ak' ? 'sk' : undefined), now: new Date(),
    });
    if (!verified.ok) return answer(res, 401, { error_code: 'APIGW.0301', error_msg: verified.reason });
    const project = req.headers['x-project-id'];
    if (req.method === 'POST') {
      let item;
      try {
        item = { id: randomUUID(), project_id: project, body: JSON.stringify(JSON.parse(body.toString())), created_at: new Date().toISOString() };
      } catch {
        return answer(res, 400, { error_code: 'BAD', error_msg: 'not JSON' });
      }
      durable(() => insert.run(item.id, item.project_id, item.body, item.created_at))
        .then(() => answer(res, 201, { item }));
      return;
    }
    const row = byId.get(req.url.slice(req.url.lastIndexOf('/') + 1));
    return row ? answer(res, 200, { item: row }) : answer(res, 404, { error_code: 'NOT_FOUND', error_msg: 'no such item' });
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
