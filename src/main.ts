import { Command, CommanderError } from 'commander';
import { accountCommand, quotaCommand } from './cli/account.js';
import { serveCommand } from './cli/serve.js';
import { eventsCommand } from './cli/events.js';
import { backupCommand } from './cli/backup.js';
import { registerClientCommands } from './cli/commands.js';
import { dataplaneCommand } from './cli/dataplane.js';
import { execCommand } from './cli/exec.js';

/** The `isthmus` command line: the composition root for every command. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command('isthmus')
    .description('Isthmus: a self-hosted VPC peering service speaking the Huawei Cloud / OTC VPC API')
    .exitOverride();
  program.addCommand(serveCommand());
  program.addCommand(accountCommand());
  program.addCommand(quotaCommand());
  program.addCommand(eventsCommand());
  program.addCommand(backupCommand());
  registerClientCommands(program);
  program.addCommand(dataplaneCommand());
  program.addCommand(execCommand());
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode);
    console.error(`isthmus: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
