import { spawn } from 'node:child_process';
import { Command } from 'commander';
import { instanceNamespace } from '../service/dataplane.js';
import { withStore, withStoreFlags, type StoreFlags } from './store-flags.js';

/** `isthmus exec PORT -- CMD...`: runs a command inside an instance's namespace (CONTRACTS.md, Instances). */
export function execCommand(): Command {
  return withStoreFlags(new Command('exec'))
    .description('run a command inside an instance (a port with a device owner) of the linux data plane')
    .argument('<port>', 'port id or name')
    .argument('<command...>', 'the command and its arguments (after --)')
    .allowUnknownOption()
    .action(async (port: string, command: string[], opts: StoreFlags) => {
      const { namespace } = await withStore(opts, (store) => instanceNamespace(store, port));
      const [cmd, ...args] = command;
      const child = spawn('ip', ['netns', 'exec', namespace, cmd!, ...args], { stdio: 'inherit' });
      const code = await new Promise<number>((resolve) => {
        child.on('error', (err) => { console.error(`isthmus exec: ${err.message}`); resolve(127); });
        child.on('exit', (c, signal) => resolve(c ?? (signal ? 128 + 15 : 1)));
      });
      process.exit(code);
    });
}
