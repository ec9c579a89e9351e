/**
 * What every API command shares: the credential and output flags, the client built from
 * them, output in table or json form, and the error handling that sets the exit code.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ApiClient } from './client.js';
import { resolveCredentials, type CredentialFlags } from './credentials.js';
import { ExitCode, exitCodeOf, printError } from './errors.js';
import { renderRecord, renderTable, type Column } from './table.js';

export type Output = 'table' | 'json';

export interface CommonFlags extends CredentialFlags {
  output: Output;
}

/** Adds --endpoint, --ak, --sk, --project-id, --profile and --output to a command. */
export function withClientFlags(cmd: Command): Command {
  return cmd
    .option('--endpoint <url>', 'API endpoint (ISTHMUS_ENDPOINT; default http://127.0.0.1:8080)')
    .option('--ak <access-key>', 'access key (ISTHMUS_AK)')
    .option('--sk <secret-key>', 'secret key (ISTHMUS_SK)')
    .option('--project-id <id>', 'project to act in (ISTHMUS_PROJECT_ID)')
    .option('--profile <name>', 'profile from ~/.isthmus/profiles.json or $ISTHMUS_PROFILES (ISTHMUS_PROFILE)')
    .addOption(outputOption());
}

export function outputOption(): Option {
  return new Option('-o, --output <format>', 'table | json (json = the API\'s body as-is)').choices(['table', 'json']).default('table');
}

export function clientOf(flags: CredentialFlags): ApiClient {
  return new ApiClient(resolveCredentials(flags));
}

/**
 * Wraps an action: its failure is printed (as the API gave it) and becomes the exit code.
 * The action may return a number to set the exit code itself (trace).
 */
export function run<A extends unknown[]>(fn: (...args: A) => Promise<number | void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const cmd = args[args.length - 1] as Command;
    const output = (cmd.opts?.().output as Output | undefined) ?? 'table';
    try {
      const code = await fn(...args);
      if (typeof code === 'number') process.exitCode = code;
    } catch (err) {
      printError(err, output);
      process.exitCode = exitCodeOf(err);
    }
  };
}

/** Prints a resource (json: the API body as-is; table: key/value lines). */
export function printResource(output: Output, body: unknown, record: Record<string, unknown>): void {
  if (output === 'json') process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  else process.stdout.write(renderRecord(record));
}

export function printList(output: Output, body: unknown, rows: readonly unknown[], columns: readonly Column[]): void {
  if (output === 'json') process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  else process.stdout.write(renderTable(rows, columns));
}

/** A plain confirmation line for table output (json prints the API body, or nothing for a 204). */
export function printDone(output: Output, message: string, body?: unknown): void {
  if (output === 'json') {
    if (body !== undefined) process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    process.stdout.write(`${message}\n`);
  }
}

export function parseIntFlag(name: string, min: number, max: number): (v: string) => number {
  return (v: string) => {
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
    return Number(v);
  };
}

/**
 * Usage errors exit 2: commander's own parse errors (unknown option, missing argument) are
 * mapped on every command of the tree; help and version still exit 0.
 */
export function usageExitCodes(cmd: Command): Command {
  cmd.exitOverride((err: CommanderError) => {
    if (err.exitCode === 0) throw err;
    throw new CommanderError(ExitCode.usage, err.code, err.message);
  });
  for (const sub of cmd.commands) usageExitCodes(sub);
  return cmd;
}
