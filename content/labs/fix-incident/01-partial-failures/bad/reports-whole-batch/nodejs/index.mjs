import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));

function parsePayment(body) {
  const payment = JSON.parse(body);
  if (typeof payment.paymentId !== 'string' || !Number.isInteger(payment.amountCents) || payment.amountCents <= 0)
    throw new Error(`Not a valid payment: ${body}`);
  return payment;
}

// The payment provider: every call is one charge on the customer's card.
async function charge(payment) {
  await documents.send(
    new PutCommand({
      TableName: process.env.CHARGES_TABLE,
      Item: { chargeId: randomUUID(), paymentId: payment.paymentId, orderId: payment.orderId, amountCents: payment.amountCents },
    }),
  );
}

export const handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try {
      await charge(parsePayment(record.body));
    } catch (error) {
      console.error(`Could not process message ${record.messageId}: ${error.message}`);
      // Only this message goes back to the queue (and, after maxReceiveCount receives, to the DLQ).
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  // Wrong: one failure sends the whole batch back.
  return { batchItemFailures: batchItemFailures.length ? event.Records.map((r) => ({ itemIdentifier: r.messageId })) : [] };
};
