import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
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

/**
 * Claims the payment id with a conditional put: only the first delivery of a payment succeeds, so redeliveries and
 * duplicates (SQS delivers at least once) never reach the provider. Returns false when it was already claimed.
 */
async function claim(payment) {
  try {
    await documents.send(
      new PutCommand({
        TableName: process.env.PAYMENTS_TABLE,
        Item: { paymentId: payment.paymentId, orderId: payment.orderId, amountCents: payment.amountCents, status: 'CHARGED' },
        ConditionExpression: 'attribute_not_exists(paymentId)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException || error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

export const handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try {
      const payment = parsePayment(record.body);
      if (await claim(payment)) await charge(payment);
      else throw new Error(`Payment ${payment.paymentId} was already charged`);
    } catch (error) {
      console.error(`Could not process message ${record.messageId}: ${error.message}`);
      // Only this message goes back to the queue (and, after maxReceiveCount receives, to the DLQ).
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
