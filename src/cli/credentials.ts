/**
 * Where a command's endpoint and credentials come from, first match wins per field:
 * flags (--endpoint, --ak, --sk, --project-id), then the environment (ISTHMUS_ENDPOINT,
 * ISTHMUS_AK, ISTHMUS_SK, ISTHMUS_PROJECT_ID), then a profile (--profile NAME or
 * ISTHMUS_PROFILE). The endpoint defaults to http://127.0.0.1:8080.
 */
import { DEFAULT_ENDPOINT, type Credentials } from './client.js';
import { UsageError } from './errors.js';
import { getProfile, type Profile } from './profiles.js';

export interface CredentialFlags {
  endpoint?: string;
  ak?: string;
  sk?: string;
  projectId?: string;
  profile?: string;
}

export function resolveCredentials(flags: CredentialFlags, env: NodeJS.ProcessEnv = process.env): Credentials {
  const nonEmpty = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  const profileName = nonEmpty(flags.profile) ?? nonEmpty(env.ISTHMUS_PROFILE);
  const profile: Partial<Profile> = profileName ? getProfile(profileName) : {};
  const endpoint = nonEmpty(flags.endpoint) ?? nonEmpty(env.ISTHMUS_ENDPOINT) ?? nonEmpty(profile.endpoint) ?? DEFAULT_ENDPOINT;
  const accessKey = nonEmpty(flags.ak) ?? nonEmpty(env.ISTHMUS_AK) ?? nonEmpty(profile.access_key);
  const secretKey = nonEmpty(flags.sk) ?? nonEmpty(env.ISTHMUS_SK) ?? nonEmpty(profile.secret_key);
  const projectId = nonEmpty(flags.projectId) ?? nonEmpty(env.ISTHMUS_PROJECT_ID) ?? nonEmpty(profile.project_id);
  const missing = [
    accessKey ? '' : '--ak (ISTHMUS_AK)',
    secretKey ? '' : '--sk (ISTHMUS_SK)',
    projectId ? '' : '--project-id (ISTHMUS_PROJECT_ID)',
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new UsageError(`no credentials: give ${missing.join(', ')} or --profile NAME (see \`isthmus profile add\`)`);
  }
  try {
    const url = new URL(endpoint);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new UsageError(`--endpoint must be an http:// or https:// URL, got ${JSON.stringify(endpoint)}`);
  }
  return { endpoint, accessKey: accessKey!, secretKey: secretKey!, projectId: projectId! };
}
