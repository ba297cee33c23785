import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { parseOrder, respond } from 'orders-shared';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TABLE = process.env.ORDERS_TABLE;

/** Saves an order once: a second delivery of the same orderId finds it taken and changes nothing. */
async function saveOnce(orderId, order) {
  try {
    await documents.send(
      new PutCommand({
        TableName: TABLE,
        Item: { orderId, ...order, status: 'NEW' },
        ConditionExpression: 'attribute_not_exists(orderId)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException || error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** An order event from the shop's checkout, invoked asynchronously: there is no client to answer. */
async function handleOrderEvent(event) {
  const { order, error } = parseOrder(JSON.stringify(event));
  if (error || typeof event.orderId !== 'string') {
    console.error(JSON.stringify({ message: 'Rejected order event', orderId: event.orderId, reason: error ?? 'Missing field: orderId' }));
    // Throwing makes Lambda retry, then send the event to the on-failure destination.
    throw new Error(`Order ${event.orderId} cannot be processed: ${error ?? 'Missing field: orderId'}`);
  }
  const created = await saveOnce(event.orderId, order);
  console.info(JSON.stringify({ message: created ? 'Order saved' : 'Duplicate order ignored', orderId: event.orderId }));
  return { orderId: event.orderId, created };
}

export const handler = async (event) => {
  if (!event.requestContext) return handleOrderEvent(event);

  const route = `${event.requestContext.http.method} ${event.rawPath}`;
  if (route === 'GET /hello') return respond(200, { message: 'Hello from the orders service' });

  if (route === 'POST /orders') {
    const { order, error } = parseOrder(event.body);
    if (error) return respond(400, { message: error });
    const orderId = randomUUID();
    await saveOnce(orderId, order);
    console.info(JSON.stringify({ message: 'Order saved', orderId }));
    return respond(201, { orderId });
  }

  return respond(404, { message: `No route for ${route}` });
};
