// Every Isthmus error body carries `error_code` and `error_msg`, next to the shape of its
// API family (v1 `code`/`message`, v2.0 `NeutronError`, gateway `message`). The console
// shows the code and message exactly as the API gave them, with the request id, so a
// user can quote them to an operator.

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  readonly method: string;
  readonly path: string;

  constructor(opts: { status: number; code: string; message: string; requestId: string | null; method: string; path: string }) {
    super(opts.message);
    this.name = 'ApiError';
    this.status = opts.status;
    this.code = opts.code;
    this.requestId = opts.requestId;
    this.method = opts.method;
    this.path = opts.path;
  }
}

type Json = Record<string, unknown>;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Reads the code and message out of any of the API's error bodies. */
export function parseErrorBody(body: unknown, status: number, statusText = ''): { code: string; message: string } {
  const b = (body && typeof body === 'object' ? body : {}) as Json;
  const neutron = (b.NeutronError && typeof b.NeutronError === 'object' ? b.NeutronError : {}) as Json;
  const nested = (b.error && typeof b.error === 'object' ? b.error : {}) as Json;
  const code =
    str(b.error_code) ?? str(b.code) ?? str(neutron.type) ?? str(nested.code) ?? str(nested.title) ?? `HTTP ${status}`;
  const message =
    str(b.error_msg) ??
    str(b.message) ??
    str(neutron.message) ??
    str(nested.message) ??
    (typeof body === 'string' && body.trim() !== '' ? body.trim().slice(0, 500) : undefined) ??
    (statusText || `The server answered ${status}.`);
  return { code, message };
}

/** A failure that never reached the API (network down, server stopped). */
export function networkError(method: string, path: string, cause: unknown): ApiError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ApiError({
    status: 0,
    code: 'NETWORK',
    message: `The Isthmus server could not be reached (${detail}).`,
    requestId: null,
    method,
    path,
  });
}

/** Turns anything thrown into something the error banner can show. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError({ status: 0, code: 'CONSOLE', message, requestId: null, method: '', path: '' });
}
