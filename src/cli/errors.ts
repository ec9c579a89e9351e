/**
 * Exit codes scripts can rely on (documented in `isthmus --help` and docs/cli.md), and how
 * a failure is printed: as the API gave it, on stderr.
 */
import { ApiError, ConnectionError, DEFAULT_ENDPOINT } from './client.js';

export const ExitCode = {
  ok: 0,
  /** The API refused the request (4xx), or a name did not resolve. */
  refused: 1,
  /** Bad flags, arguments, files or configuration: nothing was sent. */
  usage: 2,
  /** The server failed (5xx) or could not be reached. */
  server: 3,
  /** `trace`: the destination is not reachable. */
  unreachable: 4,
} as const;

export const EXIT_CODES_HELP = `
Exit codes:
  0  success (trace: reachable)
  1  the API refused the request (HTTP 4xx), or a name matched no resource
  2  usage error: bad flags, arguments, scenario file or credentials (nothing was sent)
  3  server or connection error (HTTP 5xx, endpoint unreachable)
  4  trace: the destination is not reachable

Credentials: --endpoint/--ak/--sk/--project-id, else ISTHMUS_ENDPOINT, ISTHMUS_AK,
ISTHMUS_SK, ISTHMUS_PROJECT_ID, else --profile NAME (ISTHMUS_PROFILE) from
~/.isthmus/profiles.json or $ISTHMUS_PROFILES. Default endpoint ${DEFAULT_ENDPOINT}.
`;

/** A mistake on the command line or in an input file. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A name that matched no resource (or a check the CLI makes before calling the API). */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

export function exitCodeOf(err: unknown): number {
  if (err instanceof UsageError) return ExitCode.usage;
  if (err instanceof ConnectionError) return ExitCode.server;
  if (err instanceof ApiError) return err.status >= 500 ? ExitCode.server : ExitCode.refused;
  if (err instanceof NotFoundError) return ExitCode.refused;
  return ExitCode.server;
}

/** Prints a failure on stderr: the API's status, error_code, error_msg and request id. */
export function printError(err: unknown, output: 'table' | 'json' = 'table', stderr: NodeJS.WritableStream = process.stderr): void {
  if (err instanceof ApiError) {
    if (output === 'json') {
      // The API's body as-is, one line (with the status and request id around it when it is not JSON).
      stderr.write(`${err.body !== undefined ? JSON.stringify(err.body) : JSON.stringify({ status: err.status, body: err.text })}\n`);
    }
    const lines = [
      `isthmus: ${err.method} ${err.path} failed: HTTP ${err.status}`,
      `  error_code: ${err.errorCode ?? '(none)'}`,
      `  error_msg:  ${err.errorMsg ?? (err.text || '(empty body)')}`,
    ];
    if (err.requestId) lines.push(`  request_id: ${err.requestId}`);
    if (output !== 'json') stderr.write(`${lines.join('\n')}\n`);
    else stderr.write(`isthmus: HTTP ${err.status} ${err.errorCode ?? ''}${err.requestId ? ` (request_id ${err.requestId})` : ''}\n`);
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  stderr.write(`isthmus: ${message}\n`);
}
