import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { NETNS_DIR } from './observe.js';

/**
 * The Internet test host's TCP side: a tiny server on port 80 inside the Internet
 * namespace (the kernel answers ICMP echo by itself). It is started by us, tracked by the
 * PID in a pid file, recognised by its marker argument and its network namespace, and
 * only ever stopped by that PID.
 */
export const RESPONDER_MARKER = 'isthmus-internet-responder';
const PID_DIR = '/run/isthmus';
const SCRIPT = `
const net = require('node:net');
const server = net.createServer((s) => { s.on('error', () => {}); s.end('HTTP/1.0 200 OK\\r\\ncontent-length: 3\\r\\n\\r\\nok\\n'); });
server.on('error', (e) => { console.error(e); process.exit(1); });
server.listen(80, '0.0.0.0', () => process.stdout.write('ready\\n'));
`;

const pidFile = (ns: string) => `${PID_DIR}/${ns}.responder.pid`;

/** The PID of our live responder in `ns`, or null. */
export async function responderPid(ns: string): Promise<number | null> {
  let pid: number;
  try {
    pid = Number((await readFile(pidFile(ns), 'utf8')).trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 1) return null;
  try {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    if (!cmdline.includes(RESPONDER_MARKER) || !cmdline.includes(ns)) return null;
    const [mine, theirs] = await Promise.all([stat(`${NETNS_DIR}/${ns}`), stat(`/proc/${pid}/ns/net`)]);
    return mine.ino === theirs.ino && mine.dev === theirs.dev ? pid : null;
  } catch {
    return null;
  }
}

export async function ensureResponder(ns: string): Promise<number> {
  const live = await responderPid(ns);
  if (live !== null) return live;
  await mkdir(PID_DIR, { recursive: true });
  // `ip netns exec` execs the program in place, so the child's PID is the responder's.
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', SCRIPT, RESPONDER_MARKER, ns], {
    detached: true, stdio: ['ignore', 'pipe', 'ignore'],
  });
  if (child.pid === undefined) throw new Error(`could not start the Internet responder in ${ns}`);
  await writeFile(pidFile(ns), `${child.pid}\n`);
  // Realised means answering: wait until it listens (it says so once), then let it go.
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Internet responder in ${ns} did not start`)), 5000);
    child.stdout!.once('data', () => { clearTimeout(timer); resolve(); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`Internet responder in ${ns} exited with ${code}`)); });
  });
  child.stdout!.destroy();
  child.removeAllListeners('exit');
  child.unref();
  return child.pid;
}

/** Stops our responder (by its recorded PID only) and forgets it. */
export async function stopResponder(ns: string): Promise<void> {
  const pid = await responderPid(ns);
  if (pid !== null) {
    try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
    for (let i = 0; i < 50 && (await responderPid(ns)) === pid; i++) await new Promise((r) => setTimeout(r, 10));
  }
  await rm(pidFile(ns), { force: true });
}
