import { defineChecks, fail, httpApiEvent, httpResultOf, pass, type CheckContext } from '@coldstart/lab';

const hiddenOrder = () => ({
  item: `kettle-${1000 + Math.floor(Math.random() * 9000)}`,
  quantity: 1 + Math.floor(Math.random() * 8),
});

interface NetworkView {
  view(): {
    subnets: Array<{ subnetId: string; name: string; availabilityZone: string }>;
    routeTables: Array<{
      routeTableId: string;
      main: boolean;
      vpcId: string;
      subnetIds: string[];
      routes: Array<{ destination: string; target: { kind: string; id?: string } }>;
    }>;
    endpoints: Array<{ vpcEndpointId: string; service: string; type: string; routeTableIds: string[] }>;
  };
  routeTableOf(
    subnetId: string,
  ):
    | { routeTableId: string; name: string; routes: Array<{ destination: string; target: { kind: string } }> }
    | undefined;
}

const network = (ctx: CheckContext) => ctx.account.service('ec2') as unknown as NetworkView | undefined;

/** The DynamoDB prefix list in us-east-1: a gateway endpoint's route points it at the endpoint. */
const DYNAMODB_PREFIX_LIST = 'pl-02cd2c6b';

/** Why the last connection that found no path had none (the gate records every attempt). */
function lastHang(ctx: CheckContext, destination?: string): string | undefined {
  const hung = [...ctx.connections()]
    .reverse()
    .find((c) => !c.result.ok && (!destination || c.destination === destination));
  return hung && !hung.result.ok ? `${hung.hostname}: ${hung.result.reason}` : undefined;
}

const timedOut = (body: unknown) => (body as { errorType?: string } | null)?.errorType === 'Sandbox.Timedout';

export default defineChecks([
  {
    id: 'private-subnets',
    title: 'The function is in two private subnets, in two Availability Zones, with a security group',
    task: 'attach',
    hints: [
      'Add a "vpc" block to function.json, with "subnets".',
      'Name both private subnets: "subnets": ["private-a", "private-b"]. One subnet is one Availability Zone: if it fails, so does your function.',
    ],
    async run(ctx) {
      const vpc = ctx.functionConfig()?.vpcConfig;
      if (!vpc || vpc.subnetIds.length === 0)
        return fail('The function is not in a VPC: function.json has no "vpc" block with subnets');
      const model = network(ctx)!;
      const subnets = vpc.subnetIds.map((id) => model.view().subnets.find((s) => s.subnetId === id)!);
      const zones = new Set(subnets.map((s) => s.availabilityZone));
      if (zones.size < 2)
        return fail(
          `The function's subnets (${subnets.map((s) => s.name).join(', ')}) are all in ${[...zones].join(', ')}: Lambda recommends at least two Availability Zones`,
        );
      const publicOnes = subnets.filter((s) =>
        model
          .routeTableOf(s.subnetId)
          ?.routes.some((r) => r.destination === '0.0.0.0/0' && r.target.kind === 'igw'),
      );
      if (publicOnes.length > 0)
        return fail(
          `${publicOnes.map((s) => s.name).join(', ')} routes 0.0.0.0/0 to an internet gateway: that is a public subnet, and a function's network interfaces get no public address there`,
        );
      if (vpc.securityGroupIds.length === 0) return fail('The function has no security group');
      return pass(`Subnets ${subnets.map((s) => `${s.name} (${s.availabilityZone})`).join(', ')}`);
    },
  },
  {
    id: 'hangs-without-route',
    title: 'In the private subnets with no route to DynamoDB, the call hangs until the function times out',
    task: 'observe',
    hints: [
      'This check runs your code in a copy of your VPC that has no endpoint and no NAT gateway: it must time out.',
      'If it does not, your function is not in the private subnets yet (see the first check).',
    ],
    async run(ctx) {
      const block = ctx.config.vpc;
      if (!block || block.subnets === 'none')
        return fail(
          'Your function is not in a VPC yet, so its calls go out through Lambda’s own network and DynamoDB answers: attach it to the private subnets first',
        );
      const probe = await ctx.deployVariant('orders-no-route', {
        config: (config) => ({
          ...config,
          timeoutS: 1,
          vpc: { ...block, name: 'probe', nat: false, endpoints: [], database: false },
        }),
      });
      if (probe.errors.length > 0) return fail(`The copy could not be created: ${probe.errors.join(' ')}`);
      const outcome = await probe.invoke(
        httpApiEvent('POST', '/orders', { body: JSON.stringify(hiddenOrder()) }),
      );
      if (!timedOut(outcome.body))
        return fail(
          `Without an endpoint or NAT gateway, POST /orders still finished (${outcome.raw.slice(0, 120)}): the function's subnets must have a way out to DynamoDB that the copy lacks`,
        );
      return pass(`It timed out after 1 s: ${lastHang(ctx) ?? 'no answer'}`);
    },
  },
  {
    id: 'gateway-endpoint',
    title: 'DynamoDB is reached through a gateway endpoint, not a NAT gateway',
    task: 'endpoint',
    hints: [
      'Add a DynamoDB endpoint to the "vpc" block: "endpoints": [{ "service": "dynamodb", "type": "Gateway" }].',
      'A NAT gateway works too, but it is billed per hour and per GB and opens the whole internet. A gateway endpoint for DynamoDB costs nothing. Remove "nat".',
    ],
    async run(ctx) {
      const vpc = ctx.functionConfig()?.vpcConfig;
      if (!vpc || vpc.subnetIds.length === 0) return fail('The function is not in a VPC');
      const model = network(ctx)!;
      for (const subnetId of vpc.subnetIds) {
        const table = model.routeTableOf(subnetId);
        const name = model.view().subnets.find((s) => s.subnetId === subnetId)?.name ?? subnetId;
        if (!table) return fail(`${name} has no route table`);
        const nat = table.routes.find((r) => r.destination === '0.0.0.0/0' && r.target.kind === 'nat');
        if (nat)
          return fail(
            `${name}'s route table ${table.name} sends 0.0.0.0/0 through a NAT gateway: DynamoDB answers, but you pay for the NAT gateway every hour and for every GB. Use a gateway endpoint instead`,
          );
        const endpoint = table.routes.find(
          (r) => r.destination === DYNAMODB_PREFIX_LIST && r.target.kind === 'vpce',
        );
        if (!endpoint)
          return fail(
            `${name}'s route table ${table.name} has no route for DynamoDB's prefix list (${DYNAMODB_PREFIX_LIST}): add a DynamoDB gateway endpoint`,
          );
      }
      return pass();
    },
  },
  {
    id: 'both-stores',
    title: 'POST /orders writes the order to DynamoDB and to the orders table in PostgreSQL',
    task: 'database',
    weight: 2,
    hints: [
      'Connect with the course client (Node.js: new Client() from coldstart-postgres; Python: coldstart_postgres.connect()) and INSERT the order into orders.',
      'A connection that hangs is a network path that does not exist: the database security group must allow port 5432 from the function’s security group ("ingress": [{ "port": 5432, "source": "lab-function" }]).',
      'Open the connection once per execution environment, outside the handler or lazily, and reuse it.',
    ],
    async run(ctx) {
      const order = hiddenOrder();
      const outcome = await ctx.invoke(httpApiEvent('POST', '/orders', { body: JSON.stringify(order) }));
      if (timedOut(outcome.body))
        return fail(`POST /orders timed out: a connection never opened (${lastHang(ctx) ?? 'no answer'})`);
      const http = httpResultOf(outcome);
      if (http.statusCode !== 201)
        return fail(`POST /orders answered ${http.statusCode} ${http.rawBody.slice(0, 200)}, not 201`);
      const orderId = (http.body as { orderId?: string }).orderId ?? '';
      if (ctx.dynamodb.get('Orders', { orderId })?.item !== order.item)
        return fail(`Order ${orderId} is not in the Orders table`);
      let rows: Array<Record<string, unknown>>;
      try {
        rows = (await ctx.postgres.query('SELECT item, quantity FROM orders WHERE order_id = $1', [orderId]))
          .rows;
      } catch (error) {
        return fail(`Reading PostgreSQL failed: ${(error as Error).message}`);
      }
      const row = rows[0];
      if (!row) return fail(`Order ${orderId} is in DynamoDB but not in PostgreSQL's orders table`);
      return row.item === order.item && row.quantity === order.quantity
        ? pass()
        : fail(
            `PostgreSQL has order ${orderId} as ${JSON.stringify(row)}, expected item ${order.item} and quantity ${order.quantity}`,
          );
    },
  },
  {
    id: 'why-hang',
    title: 'You can say why the call hung instead of failing at once',
    task: 'observe',
    required: false,
    hints: ['What answers a connection attempt to an address that no route leads to?'],
    async run(ctx) {
      const answer = (ctx.answers['why-hang'] ?? '').trim();
      if (answer === '') return fail('Answer the question about the hanging call');
      return answer === 'No route: nothing answers or refuses'
        ? pass()
        : fail(
            'Not quite: nothing refused the connection or denied the request. What happened to the packets?',
          );
    },
  },
]);
