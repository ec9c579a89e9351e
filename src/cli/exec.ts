import { spawn } from 'node:child_process';
import { Command } from 'commander';
import { instanceNamespace } from '../service/dataplane.js';
import { openStore } from '../store/open.js';

/** `isthmus exec PORT -- CMD...`: runs a command inside an instance's namespace (CONTRACTS.md, Instances). */
export function execCommand(): Command {
  return new Command('exec')
    .description('run a command inside an instance (a port with a device owner) of the linux data plane')
    .argument('<port>', 'port id or name')
    .argument('<command...>', 'the command and its arguments (after --)')
    .option('--data-dir <dir>', 'directory of the embedded SQLite store', './isthmus-data')
    .option('--store <url>', 'sqlite:PATH | postgres://...')
    .allowUnknownOption()
    .action(async (port: string, command: string[], opts: { dataDir: string; store?: string }) => {
      const store = await openStore(opts);
      let namespace: string;
      try {
        ({ namespace } = await instanceNamespace(store, port));
      } finally {
        await store.close();
      }
      const [cmd, ...args] = command;
      const child = spawn('ip', ['netns', 'exec', namespace, cmd!, ...args], { stdio: 'inherit' });
      const code = await new Promise<number>((resolve) => {
        child.on('error', (err) => { console.error(`isthmus exec: ${err.message}`); resolve(127); });
        child.on('exit', (c, signal) => resolve(c ?? (signal ? 128 + 15 : 1)));
      });
      process.exit(code);
    });
}
