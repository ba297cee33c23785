import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
// From the layer: Lambda mounts it at /opt, and Node.js finds /opt/nodejs/node_modules through NODE_PATH.
import { parseOrder, respond } from 'orders-shared';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TABLE = process.env.ORDERS_TABLE;

export const handler = async (event) => {
  const route = `${event.requestContext.http.method} ${event.rawPath}`;

  if (route === 'GET /hello') return respond(200, { message: 'Hello from the orders service' });

  if (route === 'POST /orders') {
    const { order, error } = parseOrder(event.body);
    if (error) return respond(400, { message: error });
    const orderId = randomUUID();
    await documents.send(new PutCommand({ TableName: TABLE, Item: { orderId, ...order, status: 'NEW' } }));
    return respond(201, { orderId });
  }

  return respond(404, { message: `No route for ${route}` });
};
