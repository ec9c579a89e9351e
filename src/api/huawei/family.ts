/**
 * The API families behind one endpoint. Each answers errors in its native body shape
 * (huawei-api.md §2): v1 `{code, message}`, v2.0 `{NeutronError: {...}}`, the gateway,
 * IAM and Isthmus's extensions `{error_code, error_msg, request_id}`.
 */
export type Family = 'v1' | 'v2' | 'iam' | 'isthmus' | 'gateway';

export function familyOf(url: string): Family {
  if (url.startsWith('/v1/')) return 'v1';
  if (url.startsWith('/v2.0/')) return 'v2';
  if (url.startsWith('/v3/')) return 'iam';
  if (url.startsWith('/isthmus/')) return 'isthmus';
  return 'gateway';
}
