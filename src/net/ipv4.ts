/**
 * IPv4 addresses as unsigned 32-bit integers. Every other module works on these numbers;
 * text appears only at the edges (parse on the way in, format on the way out).
 */
export type Ipv4 = number;

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Parses strict dotted-quad notation ("10.0.0.1"); no leading zeros, no shorthand. */
export function parseIpv4(text: string): Ipv4 | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return null;
    value = value * 256 + Number(part);
  }
  return value >>> 0;
}

export function formatIpv4(ip: Ipv4): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

export function isIpv4(text: string): boolean {
  return parseIpv4(text) !== null;
}
