/**
 * Named credentials in a JSON file: `~/.isthmus/profiles.json`, or `$ISTHMUS_PROFILES`.
 * Shape: {"profiles": {"NAME": {"endpoint", "access_key", "secret_key", "project_id", ...}}}.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { UsageError } from './errors.js';

export interface Profile {
  endpoint?: string;
  access_key: string;
  secret_key: string;
  project_id: string;
  region?: string;
  account_name?: string;
}

export interface ProfileFile {
  profiles: Record<string, Profile>;
}

export function profilesPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.ISTHMUS_PROFILES && env.ISTHMUS_PROFILES !== ''
    ? env.ISTHMUS_PROFILES
    : join(homedir(), '.isthmus', 'profiles.json');
}

export function readProfiles(path = profilesPath()): ProfileFile {
  if (!existsSync(path)) return { profiles: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`${path}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const profiles = (parsed as { profiles?: unknown } | null)?.profiles;
  if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) {
    throw new UsageError(`${path}: expected {"profiles": {NAME: {...}}}`);
  }
  return { profiles: profiles as Record<string, Profile> };
}

export function writeProfiles(file: ProfileFile, path = profilesPath()): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600); // the file holds secret keys
}

export function getProfile(name: string, path = profilesPath()): Profile {
  const profile = readProfiles(path).profiles[name];
  if (!profile) throw new UsageError(`no profile ${JSON.stringify(name)} in ${path}`);
  for (const key of ['access_key', 'secret_key', 'project_id'] as const) {
    if (typeof profile[key] !== 'string' || profile[key] === '') throw new UsageError(`profile ${JSON.stringify(name)} in ${path} lacks ${key}`);
  }
  return profile;
}

/** A profile from `isthmus account create --json` output. */
export function profileFromAccountJson(text: string, source: string, endpoint?: string): Profile {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new UsageError(`${source}: not the JSON object \`isthmus account create --json\` prints`);
  }
  const need = (k: string): string => {
    const v = parsed?.[k];
    if (typeof v !== 'string' || v === '') throw new UsageError(`${source}: missing ${k} (expected \`account create --json\` output)`);
    return v;
  };
  const profile: Profile = { access_key: need('access_key'), secret_key: need('secret_key'), project_id: need('project_id') };
  if (typeof parsed.region === 'string') profile.region = parsed.region;
  if (typeof parsed.account_name === 'string') profile.account_name = parsed.account_name;
  if (endpoint) profile.endpoint = endpoint;
  return profile;
}
