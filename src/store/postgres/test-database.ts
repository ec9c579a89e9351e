import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Test support: a fresh, empty database on the server named by `baseUrl` (the URL of any
 * database there, e.g. ISTHMUS_TEST_PG_URL), and a function that drops it again.
 */
export async function freshDatabase(baseUrl: string, prefix = 'isthmus_t'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** The PostgreSQL URL for tests, or why there is none (skip locally, fail under CI=true). */
export function testPgUrl(): { url?: string; skip: string | false; mustFail: boolean } {
  const url = process.env.ISTHMUS_TEST_PG_URL;
  if (url) return { url, skip: false, mustFail: false };
  const ci = process.env.CI === 'true';
  return { skip: ci ? false : 'ISTHMUS_TEST_PG_URL is not set (scripts/pg-test-cluster.sh start)', mustFail: ci };
}
