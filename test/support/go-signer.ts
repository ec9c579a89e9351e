import { createHash, createHmac } from 'node:crypto';

/**
 * An independent port of gophertelekomcloud's signer_helper.go Sign() (the derived-key
 * variant), written against the Go source, not against canonical.ts. `body: undefined`
 * is Go's nil body. Returns the headers as Go would send them (before X-Project-Id is set).
 */
export function goSign(method: string, url: string, headers: Record<string, string>, body: string | undefined, ak: string, sk: string, now: Date): Record<string, string> {
  const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
  const sha = (data: string) => createHash('sha256').update(data).digest('hex');
  const keep = (b: number) => /[A-Za-z0-9._~-]/.test(String.fromCharCode(b));
  const goUrlEncode = (s: string, path: boolean) => [...Buffer.from(s)].map((b) =>
    keep(b) || (path && b === 0x2f) ? String.fromCharCode(b) : '%' + b.toString(16).toUpperCase().padStart(2, '0')).join('');
  const u = new URL(url);
  const values = new Map<string, string[]>(); // url.ParseQuery: `+` is a space
  for (const piece of u.search.slice(1).split('&').filter(Boolean)) {
    const [k, v = ''] = piece.replace(/\+/g, ' ').split(/=(.*)/s).map(decodeURIComponent) as [string, string?];
    values.set(k, [...(values.get(k) ?? []), v]);
  }
  const dateTime = now.toISOString().replace(/[-:]|\.\d+/g, '');
  const date = dateTime.slice(0, 8);
  const all: Record<string, string> = { ...headers, Host: u.host, 'X-Sdk-Date': dateTime };
  const postNil = method === 'POST' && body === undefined;
  const goEncode = () => [...values.keys()].sort().flatMap((k) => values.get(k)!.map((v) =>
    `${encodeURIComponent(k)}=${encodeURIComponent(v)}`.replace(/%20/g, '+').replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()))).join('&');
  const contentSha = all['X-Sdk-Content-Sha256'] ?? sha(postNil ? goEncode() : body ?? '');
  let path = decodeURIComponent(u.pathname);
  if (!path.startsWith('/')) path = '/' + path;
  if (!path.endsWith('/')) path += '/';
  const query = postNil ? '' : [...values.keys()].map((k) => goUrlEncode(k, false))
    .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))
    .map((k) => `${k}=${goUrlEncode(values.get(decodeURIComponent(k))![0]!, false)}`).join('&');
  const names = Object.keys(all).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  const canonicalHeaders = names.map((n) => `${n.toLowerCase()}:${all[n]!.replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.map((n) => n.toLowerCase()).join(';');
  const canonical = [method, goUrlEncode(path, true), query, canonicalHeaders, signedHeaders, contentSha].join('\n');
  const scope = `${date}///sdk_request`;
  const key = hmac(hmac(hmac(hmac('SDK' + sk, date), ''), ''), 'sdk_request');
  const signature = hmac(key, ['SDK-HMAC-SHA256', dateTime, scope, sha(canonical)].join('\n')).toString('hex');
  return { ...all, Authorization: `SDK-HMAC-SHA256 Credential=${ak}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}` };
}

