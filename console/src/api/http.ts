import { ApiError, networkError, parseErrorBody } from './errors';

export interface HttpOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  token?: string | null;
  /** Called when the API answers 401 to an authenticated call: the token has expired. */
  onUnauthorized?: (err: ApiError) => void;
}

export interface HttpResult<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** One call to the API on this origin: JSON in, JSON out, errors as ApiError. */
export async function http<T>(path: string, opts: HttpOptions = {}): Promise<HttpResult<T>> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.token) headers['X-Auth-Token'] = opts.token;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (cause) {
    throw networkError(method, path, cause);
  }
  const text = res.status === 204 ? '' : await res.text();
  let body: unknown = undefined;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!res.ok) {
    const { code, message } = parseErrorBody(body, res.status, res.statusText);
    const err = new ApiError({
      status: res.status,
      code,
      message,
      requestId: res.headers.get('X-Request-Id') ?? readRequestId(body),
      method,
      path,
    });
    if (res.status === 401 && opts.token && opts.onUnauthorized) opts.onUnauthorized(err);
    throw err;
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

function readRequestId(body: unknown): string | null {
  if (body && typeof body === 'object' && typeof (body as { request_id?: unknown }).request_id === 'string') {
    return (body as { request_id: string }).request_id;
  }
  return null;
}
