/**
 * The VPC's PostgreSQL end to end in Node.js: real PGlite behind a database endpoint, real handler code using the
 * course's client library (`coldstart-postgres`) in the in-process Node.js runtime, and the network gate between
 * them. With the database security group's rule (5432 from the function's group) the queries work; without it,
 * or from outside the VPC, the connection attempt hangs until the function times out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock';
import { AwsAccount } from '../aws/account';
import { createDynamoDb } from '../aws/dynamodb';
import { utf8 } from '../aws/http';
import { createInProcessHost } from '../../sandbox/testing/inProcessHost';
import { createWorkerExecutor } from '../lambda/executors/worker';
import { LambdaService } from '../lambda/LambdaService';
import type { Invocation } from '../lambda/types';
import { ENI_CREATION_MS, VpcAttachments } from '../vpc/attachments';
import { createNetworkGate } from '../vpc/gate';
import { createVpcNetwork, endpointSuffix, type VpcNetwork } from '../vpc/network';
import { createLabVpc } from '../vpc/presets';
import { sharedPgliteEngine } from './pglite';
import { PostgresHost } from './postgresHost';

const HANDLER = `
const { Client, DatabaseError } = require('coldstart-postgres');
exports.handler = async (event) => {
  const client = new Client({ host: process.env.PGHOST, user: 'postgres' });
  await client.connect();
  try {
    if (event.broken) await client.query('SELECT * FROM missing_table');
    await client.query('CREATE TABLE IF NOT EXISTS orders (order_id text PRIMARY KEY, quantity integer, created timestamptz DEFAULT now())');
    const inserted = await client.query('INSERT INTO orders (order_id, quantity) VALUES ($1, $2) RETURNING order_id, quantity, created', [event.id, event.quantity]);
    const counted = await client.query('SELECT count(*)::int AS n FROM orders');
    return { command: inserted.command, row: inserted.rows[0], isDate: inserted.rows[0].created instanceof Date, count: counted.rows[0].n };
  } catch (error) {
    return { error: error.message, code: error.code, isDatabaseError: error instanceof DatabaseError };
  } finally {
    await client.end();
  }
};
`;

let nextWorld = 0;
const hosts: PostgresHost[] = [];

// PostgreSQL's start-up takes seconds: once for the file, as once per page.
beforeAll(async () => {
  await sharedPgliteEngine();
}, 120_000);

afterAll(async () => {
  for (const host of hosts) await host.dispose();
});

function world(options: { ingress?: boolean } = {}) {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock }, [createDynamoDb, createVpcNetwork]);
  const network = account.service<VpcNetwork>('ec2')!;
  const databases = new PostgresHost({
    engine: sharedPgliteEngine,
    namespace: `test${++nextWorld}`,
    network: () => network,
  });
  hosts.push(databases);
  const host = createInProcessHost();
  let gate: ReturnType<typeof createNetworkGate> | null = null;
  const executor = createWorkerExecutor({
    host,
    aws: (caller, request) =>
      gate!.wrap((who, req) =>
        account.handle(req, {
          kind: 'function',
          functionName: who.functionName,
          requestId: who.requestId ?? '',
        }),
      )(caller, request),
  });
  const service = new LambdaService({ clock, executor, logs: true, seed: 7 });
  const attachments = new VpcAttachments(service, clock);
  gate = createNetworkGate({
    clock,
    epochMs: account.epochMs,
    network: () => network,
    attachments,
    database: databases.handle,
  });
  const vpc = createLabVpc(network, { databaseIngress: options.ingress ?? true, databaseName: 'orders-db' });
  return { clock, network, service, gate, vpc, executor, databases };
}

async function settle(
  clock: VirtualClock,
  executor: { busy(): boolean },
  invocation: Invocation,
): Promise<Invocation> {
  for (let index = 0; index < 20_000 && invocation.outcome === undefined; index++) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (executor.busy()) clock.advanceBy(50);
    else if (clock.nextAt() !== undefined) clock.runNext();
  }
  expect(invocation.outcome, 'invocation ended').toBeDefined();
  return invocation;
}

function deploy(parts: ReturnType<typeof world>, inVpc = true) {
  const { service, vpc, clock } = parts;
  service.createFunction({
    name: 'writer',
    timeoutS: 3,
    environment: { PGHOST: vpc.database!.hostname },
    code: { handler: 'index.handler', files: [{ path: 'index.js', content: HANDLER }] },
    ...(inVpc
      ? {
          vpcConfig: {
            subnetIds: vpc.privateSubnets.map((subnet) => subnet.subnetId),
            securityGroupIds: [vpc.functionSecurityGroup.groupId],
          },
        }
      : {}),
  });
  clock.advanceBy(ENI_CREATION_MS);
}

describe('PostgreSQL behind a private endpoint', () => {
  it('has an RDS-shaped endpoint name, the same in every copy of the account', () => {
    const { vpc } = world();
    expect(vpc.database!.hostname).toBe(
      `orders-db.${endpointSuffix('123456789012', 'us-east-1')}.us-east-1.rds.amazonaws.com`,
    );
    expect(vpc.database!.hostname).toMatch(/^orders-db\.c[a-z0-9]{11}\.us-east-1\.rds\.amazonaws\.com$/);
    expect(vpc.database!.port).toBe(5432);
  });

  it(
    'answers a handler in the private subnets whose security group the database admits',
    { timeout: 90_000 },
    async () => {
      const parts = world();
      deploy(parts);
      const done = await settle(
        parts.clock,
        parts.executor,
        parts.service.invoke('writer', { payload: { id: 'o-1', quantity: 3 } }),
      );
      expect(done.outcome, done.response?.payload).toBe('success');
      const body = JSON.parse(done.response!.payload);
      expect(body).toMatchObject({
        command: 'INSERT',
        row: { order_id: 'o-1', quantity: 3 },
        isDate: true,
        count: 1,
      });
      // The page reads the same table (a check, the console).
      const read = await parts.databases.query('orders-db', 'SELECT order_id, quantity FROM orders');
      expect(read.rows).toEqual([{ order_id: 'o-1', quantity: 3 }]);
      // SQL errors come back with PostgreSQL's SQLSTATE, as node-postgres's DatabaseError.
      const broken = await settle(
        parts.clock,
        parts.executor,
        parts.service.invoke('writer', { payload: { broken: true } }),
      );
      expect(JSON.parse(broken.response!.payload)).toEqual({
        error: 'relation "missing_table" does not exist',
        code: '42P01',
        isDatabaseError: true,
      });
    },
  );

  it(
    'keeps each workspace’s tables apart, and drops them with the workspace',
    { timeout: 90_000 },
    async () => {
      const first = world();
      const second = world();
      await first.databases.query('orders-db', 'CREATE TABLE notes (text text)');
      await first.databases.query('orders-db', 'INSERT INTO notes VALUES ($1)', ['only here']);
      await expect(second.databases.query('orders-db', 'SELECT * FROM notes')).rejects.toMatchObject({
        code: '42P01',
      });
      await first.databases.dispose();
      const again = new PostgresHost({
        engine: sharedPgliteEngine,
        namespace: first.databases.schemaOf(first.vpc.database!).replace(/^ws_|__orders_db$/g, ''),
        network: () => first.network,
      });
      await expect(again.query('orders-db', 'SELECT * FROM notes')).rejects.toMatchObject({ code: '42P01' });
    },
  );

  it(
    'without the database group’s inbound rule the connection hangs until the function times out',
    { timeout: 90_000 },
    async () => {
      const parts = world({ ingress: false });
      deploy(parts);
      const hung = await settle(
        parts.clock,
        parts.executor,
        parts.service.invoke('writer', { payload: { id: 'o-2', quantity: 1 } }),
      );
      expect(hung.lastResult).toBe('timeout');
      expect(JSON.parse(hung.response!.payload)).toMatchObject({ errorType: 'Sandbox.Timedout' });
      expect(parts.gate.connections().at(-1)).toMatchObject({
        destination: 'database',
        result: {
          ok: false,
          reason: expect.stringContaining("database's security groups do not allow port 5432"),
        },
      });
    },
  );

  it(
    'from outside the VPC the private address is unreachable: the connection hangs too',
    { timeout: 90_000 },
    async () => {
      const parts = world();
      deploy(parts, false);
      const hung = await settle(
        parts.clock,
        parts.executor,
        parts.service.invoke('writer', { payload: { id: 'o-3', quantity: 1 } }),
      );
      expect(hung.lastResult).toBe('timeout');
      expect(parts.gate.connections().at(-1)?.result).toMatchObject({
        ok: false,
        reason: expect.stringContaining('outside the VPC'),
      });
    },
  );

  it('refuses a database name the instance does not have, as PostgreSQL does', async () => {
    const { databases, vpc } = world();
    const response = await databases.handle(vpc.database!.id, {
      method: 'POST',
      hostname: vpc.database!.hostname,
      path: '/connect',
      query: {},
      headers: {},
      body: utf8(JSON.stringify({ user: 'app', database: 'orders' })),
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(new TextDecoder().decode(response.body))).toEqual({
      error: { message: 'database "orders" does not exist', code: '3D000', severity: 'FATAL' },
    });
  });
});
