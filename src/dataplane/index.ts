import { access, constants } from 'node:fs/promises';
import { createDriver, registerDriver, type Driver, type DriverKind, type DriverOptions } from './driver.js';
import { linuxDriver } from './linux/driver.js';
import { noneDriver } from './none/driver.js';

registerDriver('linux', linuxDriver);
registerDriver('none', (o) => noneDriver(o.prefix));

export * from './driver.js';
export { desiredState } from './desired.js';
export { names } from './naming.js';

/** Where a program is on PATH, or null. */
async function which(program: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':').concat(['/usr/sbin', '/sbin'])) {
    try {
      await access(`${dir}/${program}`, constants.X_OK);
      return `${dir}/${program}`;
    } catch { /* next */ }
  }
  return null;
}

/** Why the linux driver cannot run here, or null when it can (root on Linux with `ip` and `nft`). */
export async function linuxUnavailable(): Promise<string | null> {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'not root';
  if (!(await which('ip'))) return 'iproute2 (ip) not found';
  if (!(await which('nft'))) return 'nftables (nft) not found';
  return null;
}

/** `--dataplane auto|linux|none` → the driver kind, and why. */
export async function chooseDriver(requested: 'auto' | DriverKind): Promise<{ kind: DriverKind; reason: string }> {
  if (requested === 'none') return { kind: 'none', reason: 'requested' };
  const missing = await linuxUnavailable();
  if (requested === 'linux') {
    if (missing) throw new Error(`--dataplane linux: ${missing}`);
    return { kind: 'linux', reason: 'requested' };
  }
  return missing ? { kind: 'none', reason: `auto: ${missing}` } : { kind: 'linux', reason: 'auto: root on Linux with ip and nft' };
}

export function makeDriver(kind: DriverKind, options: DriverOptions): Driver {
  return createDriver(kind, options);
}
