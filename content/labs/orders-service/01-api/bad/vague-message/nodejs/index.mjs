import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

// Created once, during init: every warm invoke of this environment reuses the client and its connections.
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TABLE = process.env.ORDERS_TABLE;

function respond(statusCode, body) {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function parseOrder(body) {
  let order;
  try {
    order = JSON.parse(body ?? '');
  } catch {
    return { error: 'The request body is not valid JSON' };
  }
  if (order === null || typeof order !== 'object' || Array.isArray(order)) return { error: 'The body must be a JSON object' };
  if (typeof order.item !== 'string' || order.item.trim() === '') return { error: 'Invalid order' };
  if (!Number.isInteger(order.quantity) || order.quantity < 1) return { error: 'Invalid order' };
  return { order: { item: order.item, quantity: order.quantity } };
}

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
