import type { ApplyResult, Driver, StatusRow } from '../driver.js';
import type { DesiredState } from '../model.js';

/** For machines without root: realises nothing, reports nothing, removes nothing. */
export function noneDriver(prefix: string): Driver {
  return {
    kind: 'none',
    prefix,
    async apply(): Promise<ApplyResult> { return { touched: [], processes: 0, durationMs: 0 }; },
    async status(_desired: DesiredState): Promise<StatusRow[]> { return []; },
    async gc(): Promise<string[]> { return []; },
  };
}
