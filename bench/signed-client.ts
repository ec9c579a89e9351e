import { Pool } from 'undici';
import { signRequest } from '../src/api/huawei/auth/signer.js';

export interface Credentials {
  accessKey: string;
  secretKey: string;
  projectId: string;
}

/**
 * A lean signed HTTP client (undici pool + the SDK's signature), so the benchmark
 * measures the server rather than the SDK's per-call overhead.
 */
export class SignedClient {
  private readonly pool: Pool;
  readonly latenciesMs: number[] = [];

  constructor(private readonly base: string, private readonly creds: Credentials, connections = 32) {
    this.pool = new Pool(base, { connections, pipelining: 1 });
  }

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
    const started = performance.now();
    const res = await this.send(method, path, body);
    const text = await res.body.text();
    this.latenciesMs.push(performance.now() - started);
    return { status: res.statusCode, json: text ? JSON.parse(text) : undefined };
  }

  /**
   * The answer's bytes, read in full but not decoded, as a load generator (wrk, autocannon)
   * reads them: for large answers the client's JSON.parse, not the server, sets the pace.
   */
  async callBytes(method: string, path: string): Promise<{ status: number; bytes: Buffer; contentLength: number | undefined }> {
    const started = performance.now();
    const res = await this.send(method, path, undefined);
    const bytes = Buffer.from(await res.body.arrayBuffer());
    this.latenciesMs.push(performance.now() - started);
    const length = res.headers['content-length'];
    return { status: res.statusCode, bytes, contentLength: typeof length === 'string' ? Number(length) : undefined };
  }

  private send(method: string, path: string, body: unknown) {
    const payload = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = {
      'content-type': 'application/json', 'x-project-id': this.creds.projectId,
    };
    Object.assign(headers, signRequest({
      method, url: this.base + path, headers, body: payload, accessKey: this.creds.accessKey, secretKey: this.creds.secretKey,
    }));
    return this.pool.request({ method: method as 'GET', path, headers, body: payload || undefined });
  }

  async expect(status: number, method: string, path: string, body?: unknown): Promise<any> {
    const res = await this.call(method, path, body);
    if (res.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${res.status} ${JSON.stringify(res.json)}`);
    return res.json;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
