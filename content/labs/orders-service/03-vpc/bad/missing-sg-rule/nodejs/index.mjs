import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
// The course's PostgreSQL client (node-postgres's API): it reads PGHOST, PGUSER and PGDATABASE.
import { Client } from 'coldstart-postgres';
import { parseOrder, respond } from 'orders-shared';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TABLE = process.env.ORDERS_TABLE;

// One connection per execution environment, opened by the first request that needs it and kept for the next.
let database;
async function connection() {
  if (!database) {
    const client = new Client();
    await client.connect();
    database = client;
  }
  return database;
}

export const handler = async (event) => {
  const route = `${event.requestContext.http.method} ${event.rawPath}`;

  if (route === 'GET /hello') return respond(200, { message: 'Hello from the orders service' });

  if (route === 'POST /orders') {
    const { order, error } = parseOrder(event.body);
    if (error) return respond(400, { message: error });
    const orderId = randomUUID();
    await documents.send(new PutCommand({ TableName: TABLE, Item: { orderId, ...order, status: 'NEW' } }));
    const sql = await connection();
    await sql.query('INSERT INTO orders (order_id, item, quantity) VALUES ($1, $2, $3)', [
      orderId,
      order.item,
      order.quantity,
    ]);
    return respond(201, { orderId });
  }

  return respond(404, { message: `No route for ${route}` });
};
