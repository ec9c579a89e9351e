/**
 * The CLI's HTTP client: it speaks the public API exactly as any other client does, signing
 * every request with AK/SK the way the official SDK does (content-type and x-project-id
 * signed, then X-Sdk-Date and Authorization added).
 */
import { signRequest } from '../api/huawei/auth/signer.js';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:8080';

export interface Credentials {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  projectId: string;
}

/** The API refused the request, or failed on the server: its status and body, as given. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly text: string,
    readonly requestId: string | undefined,
    readonly method: string,
    readonly path: string,
  ) {
    const b = (body ?? {}) as { error_code?: unknown; error_msg?: unknown };
    super(`${status} ${String(b.error_code ?? '')} ${String(b.error_msg ?? text)}`.trim());
    this.name = 'ApiError';
  }

  get errorCode(): string | undefined {
    const code = (this.body as { error_code?: unknown } | null)?.error_code;
    return typeof code === 'string' ? code : undefined;
  }

  get errorMsg(): string | undefined {
    const msg = (this.body as { error_msg?: unknown } | null)?.error_msg;
    return typeof msg === 'string' ? msg : undefined;
  }
}

/** The endpoint could not be reached at all (refused, DNS, timeout). */
export class ConnectionError extends Error {
  constructor(readonly endpoint: string, cause: unknown) {
    const detail = cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause);
    super(`cannot reach ${endpoint}: ${detail}`);
    this.name = 'ConnectionError';
  }
}

export interface ApiResponse<T = any> {
  status: number;
  /** The parsed JSON body; undefined for an empty body (204). */
  body: T;
  requestId: string | undefined;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export class ApiClient {
  readonly endpoint: string;

  constructor(readonly credentials: Credentials, private readonly timeoutMs = 30_000) {
    this.endpoint = credentials.endpoint.replace(/\/+$/, '');
  }

  get projectId(): string {
    return this.credentials.projectId;
  }

  /** One signed request; a non-2xx answer throws ApiError, an unreachable endpoint ConnectionError. */
  async request<T = any>(method: string, path: string, body?: unknown, query?: Record<string, string | number | undefined>): Promise<ApiResponse<T>> {
    let url = `${this.endpoint}${path}`;
    if (query) {
      // Percent-encoded as the SDK does (a space is %20, never +), so the signed query is the sent one.
      const qs = Object.entries(query)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
        .join('&');
      if (qs) url += `?${qs}`;
    }
    const payload = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-project-id': this.credentials.projectId,
    };
    const signature = signRequest({
      method, url, headers, body: payload, accessKey: this.credentials.accessKey, secretKey: this.credentials.secretKey,
    });
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { ...headers, ...signature, accept: 'application/json' },
        ...(payload !== '' ? { body: payload } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new ConnectionError(this.endpoint, err);
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const requestId = res.headers.get('x-request-id') ?? undefined;
    if (res.status < 200 || res.status >= 300) throw new ApiError(res.status, parsed, text, requestId, method, path);
    return { status: res.status, body: parsed as T, requestId };
  }

  get<T = any>(path: string, query?: Record<string, string | number | undefined>) {
    return this.request<T>('GET', path, undefined, query);
  }

  post<T = any>(path: string, body: unknown) {
    return this.request<T>('POST', path, body);
  }

  put<T = any>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body);
  }

  delete(path: string) {
    return this.request('DELETE', path);
  }

  /** Every item of a list, following markers (the API answers at most 2000 per page). */
  async listAll(path: string, key: string, query: Record<string, string | number | undefined> = {}): Promise<any[]> {
    const items: any[] = [];
    let marker: string | undefined;
    for (;;) {
      const { body } = await this.get(path, { ...query, limit: 2000, marker });
      const page = (body?.[key] ?? []) as any[];
      items.push(...page);
      if (page.length < 2000) return items;
      marker = page[page.length - 1].id;
    }
  }

  /** v1 paths carry the project: `/v1/{project_id}/...`. */
  v1(rest: string): string {
    return `/v1/${encodeURIComponent(this.projectId)}${rest}`;
  }

  isthmus(rest: string): string {
    return `/isthmus/v1/${encodeURIComponent(this.projectId)}${rest}`;
  }
}
