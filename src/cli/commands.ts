/**
 * The client-side commands (resource commands, trace, profiles, apply, demo) and the exit
 * code help, registered on the root program by src/main.ts.
 */
import { CommanderError, type Command } from 'commander';
import { applyCommand } from './apply.js';
import { demoCommand } from './demo.js';
import { eipCommand } from './eip.js';
import { EXIT_CODES_HELP, ExitCode } from './errors.js';
import { usageExitCodes } from './kit.js';
import { peeringCommand } from './peering.js';
import { portCommand } from './port.js';
import { profileCommand } from './profile.js';
import { routeCommand } from './route.js';
import { routeTableCommand } from './routetable.js';
import { subnetCommand } from './subnet.js';
import { traceCommand } from './trace.js';
import { vpcCommand } from './vpc.js';

export function registerClientCommands(program: Command): void {
  for (const cmd of [
    vpcCommand(), subnetCommand(), portCommand(), eipCommand(), peeringCommand(), routeCommand(), routeTableCommand(),
    traceCommand(), profileCommand(), applyCommand(), demoCommand(),
  ]) {
    program.addCommand(usageExitCodes(cmd));
  }
  program.addHelpText('after', EXIT_CODES_HELP);
  // An unknown command or option at the top level is a usage error too (exit 2). Only the
  // root's own parse errors: the server-side commands keep their behaviour.
  program.exitOverride((err: CommanderError) => {
    if (err.exitCode === 0) throw err;
    throw new CommanderError(ExitCode.usage, err.code, err.message);
  });
}
