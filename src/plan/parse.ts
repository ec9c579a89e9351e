import { formatCidr, parseCidr, parseIpv4, type Cidr, type Ipv4 } from '../net/index.js';

/**
 * Memoised parsing of the address text in intent. A region repeats the same blocks
 * thousands of times (peer CIDRs, Internet prefixes), and parsing dominates compile
 * time otherwise. The memo is invisible from outside: same text, same value.
 */
const blocks = new Map<string, Cidr | null>();
const addresses = new Map<string, Ipv4 | null>();
const LIMIT = 200_000;

/** The canonical block of a CIDR text (host bits cleared), or null when it is not one. */
export function blockOf(text: string): Cidr | null {
  let block = blocks.get(text);
  if (block === undefined) {
    const parsed = parseCidr(text);
    block = parsed ? { network: parsed.network, prefix: parsed.prefix } : null;
    if (blocks.size >= LIMIT) blocks.clear();
    blocks.set(text, block);
  }
  return block;
}

export function addressOf(text: string): Ipv4 | null {
  let address = addresses.get(text);
  if (address === undefined) {
    address = parseIpv4(text);
    if (addresses.size >= LIMIT) addresses.clear();
    addresses.set(text, address);
  }
  return address;
}

const texts = new Map<string, string | null>();

/** The canonical text of a CIDR ("10.0.0.5/8" → "10.0.0.0/8"), or null when it is not one. */
export function blockText(text: string): string | null {
  let canonical = texts.get(text);
  if (canonical === undefined) {
    const block = blockOf(text);
    canonical = block ? formatCidr(block) : null;
    if (texts.size >= LIMIT) texts.clear();
    texts.set(text, canonical);
  }
  return canonical;
}
