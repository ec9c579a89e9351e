/**
 * 32-bit FNV-1a: tiny, stable across runs and platforms. The plan spreads peering links
 * over the 169.254.0.0/16 pool with it, and the data plane derives kernel numbers from ids.
 */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
