import { sql, type Kysely } from 'kysely';

/** The initial schema. Written with Kysely's schema builder so every dialect runs it unchanged. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('access_key', 'text', (c) => c.notNull().unique())
    .addColumn('secret_key', 'text', (c) => c.notNull())
    .addUniqueConstraint('users_account_name', ['account_id', 'name'])
    .execute();

  await db.schema.createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addUniqueConstraint('projects_account_region', ['account_id', 'region'])
    .execute();

  await db.schema.createTable('quotas')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('limit', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('quotas_pk', ['project_id', 'type'])
    .execute();

  await db.schema.createTable('vpcs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('cidr', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('enterprise_project_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('vpcs_project').on('vpcs').columns(['project_id', 'id']).execute();

  await db.schema.createTable('route_tables')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('vpc_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('route_tables_vpc').on('route_tables').columns(['vpc_id']).execute();
  await db.schema.createIndex('route_tables_project').on('route_tables').columns(['project_id', 'id']).execute();

  await db.schema.createTable('subnets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('vpc_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('cidr', 'text', (c) => c.notNull())
    .addColumn('gateway_ip', 'text', (c) => c.notNull())
    .addColumn('dhcp_enable', 'integer', (c) => c.notNull())
    .addColumn('primary_dns', 'text', (c) => c.notNull())
    .addColumn('secondary_dns', 'text', (c) => c.notNull())
    .addColumn('dns_list', 'text', (c) => c.notNull())
    .addColumn('availability_zone', 'text', (c) => c.notNull())
    .addColumn('extra_dhcp_opts', 'text', (c) => c.notNull())
    .addColumn('route_table_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subnets_vpc').on('subnets').columns(['vpc_id']).execute();
  await db.schema.createIndex('subnets_project').on('subnets').columns(['project_id', 'id']).execute();

  await db.schema.createTable('routes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('vpc_id', 'text', (c) => c.notNull())
    .addColumn('route_table_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('nexthop', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('routes_table_destination', ['route_table_id', 'destination'])
    .execute();
  await db.schema.createIndex('routes_nexthop').on('routes').columns(['nexthop']).execute();
  await db.schema.createIndex('routes_vpc').on('routes').columns(['vpc_id']).execute();
  await db.schema.createIndex('routes_project').on('routes').columns(['project_id', 'id']).execute();

  await db.schema.createTable('peerings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('request_vpc_id', 'text', (c) => c.notNull())
    .addColumn('request_project_id', 'text', (c) => c.notNull())
    .addColumn('accept_vpc_id', 'text', (c) => c.notNull())
    .addColumn('accept_project_id', 'text', (c) => c.notNull())
    .addColumn('vpc_low', 'text', (c) => c.notNull())
    .addColumn('vpc_high', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addUniqueConstraint('peerings_pair', ['vpc_low', 'vpc_high'])
    .execute();
  await db.schema.createIndex('peerings_request_project').on('peerings').columns(['request_project_id', 'id']).execute();
  await db.schema.createIndex('peerings_accept_project').on('peerings').columns(['accept_project_id', 'id']).execute();
  await db.schema.createIndex('peerings_high').on('peerings').columns(['vpc_high']).execute();
  await db.schema.createIndex('peerings_expiry').on('peerings').columns(['status', 'expires_at']).execute();

  await db.schema.createTable('ports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('vpc_id', 'text', (c) => c.notNull())
    .addColumn('subnet_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('device_owner', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('mac_address', 'text', (c) => c.notNull())
    .addColumn('ip_address', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('admin_state_up', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('ports_subnet_ip', ['subnet_id', 'ip_address'])
    .execute();
  await db.schema.createIndex('ports_project').on('ports').columns(['project_id', 'id']).execute();

  await db.schema.createTable('eips')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('public_ip_address', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('bandwidth_name', 'text', (c) => c.notNull())
    .addColumn('bandwidth_size', 'integer', (c) => c.notNull())
    .addColumn('bandwidth_share_type', 'text', (c) => c.notNull())
    .addColumn('port_id', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('eips_project').on('eips').columns(['project_id', 'id']).execute();

  await sql`insert into meta (key, value) values ('revision', '0')`.execute(db);
}
