import type { FastifyInstance } from 'fastify';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json',
  '.woff2': 'font/woff2', '.map': 'application/json', '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the built web console (console/dist) at /console/. Paths that are not files
 * fall back to index.html, so the console's own routes survive a reload. Nothing outside
 * the dist folder can be reached: the resolved path must stay under it.
 */
export function registerConsole(app: FastifyInstance, distDir: string): void {
  const root = resolve(distDir);
  app.get('/console', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/'));
  app.get('/console/*', { schema: { hide: true } }, async (request, reply) => {
    const wanted = decodeURIComponent((request.params as { '*': string })['*'] || 'index.html');
    let path = normalize(join(root, wanted));
    if (path !== root && !path.startsWith(root + sep)) return reply.status(404).send({ error_code: 'APIGW.0101', error_msg: 'API not found' });
    const info = await stat(path).catch(() => null);
    if (!info || !info.isFile()) path = join(root, 'index.html');
    const body = await readFile(path).catch(() => null);
    if (!body) {
      return reply.status(404).type('text/plain').send('The console is not built: run `npm --prefix console ci && npm --prefix console run build`.');
    }
    const immutable = path.includes(`${sep}assets${sep}`);
    return reply
      .header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .type(TYPES[extname(path)] ?? 'application/octet-stream')
      .send(body);
  });
}
