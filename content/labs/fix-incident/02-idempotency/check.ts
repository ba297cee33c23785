import { defineChecks, fail, pass, sqsEvent, type CheckContext } from '@coldstart/lab';

interface Payment {
  paymentId: string;
  orderId: string;
  amountCents: number;
}

function payment(): Payment {
  const id = Math.random().toString(36).slice(2, 10);
  return { paymentId: `pay-${id}`, orderId: `o-${id}`, amountCents: 100 + Math.floor(Math.random() * 9900) };
}

function reported(body: unknown): string[] {
  const failures = (body as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  return Array.isArray(failures)
    ? failures.map((f) => String((f as { itemIdentifier?: unknown }).itemIdentifier))
    : [];
}

/**
 * The incident's traffic, replayed: batch A with a malformed message; batch A again, as SQS redelivers it after a
 * timeout (same message ids, second receive); batch B with the same payment sent twice (a new message id) and a
 * payment already charged the day before (seeded in Payments).
 */
async function replay(ctx: CheckContext) {
  const [p1, p2, p3, p4, paidYesterday] = [payment(), payment(), payment(), payment(), payment()];
  ctx.dynamodb.put('Payments', { ...paidYesterday!, status: 'CHARGED' });
  const batchA = sqsEvent([
    { body: JSON.stringify(p1) },
    { body: JSON.stringify(p2) },
    { body: 'paymentId=pay-oops&amount=12' },
  ]);
  const ids = batchA.Records.map((r) => String(r.messageId));
  const redelivered = sqsEvent(
    batchA.Records.map((r) => ({ body: String(r.body), messageId: String(r.messageId), receiveCount: 2 })),
  );
  const batchB = sqsEvent([
    { body: JSON.stringify(p3) },
    { body: JSON.stringify(p2) },
    { body: JSON.stringify(paidYesterday) },
    { body: JSON.stringify(p4) },
  ]);
  const responses = [];
  for (const event of [batchA, redelivered, batchB]) responses.push(await ctx.invoke(event));
  return { paid: [p1!, p2!, p3!, p4!], paidYesterday: paidYesterday!, poisonId: ids[2]!, responses };
}

export default defineChecks([
  {
    id: 'charged-once',
    title: 'Replaying the incident charges every payment exactly once',
    task: 'idempotent',
    weight: 3,
    hints: [
      'SQS delivers at least once: the same payment can arrive again, in a redelivered batch or as a duplicate message.',
      'Before charging, record the payment id with a conditional put: ConditionExpression "attribute_not_exists(paymentId)" on the Payments table.',
      'When the put fails with ConditionalCheckFailedException, the payment was already charged: skip the charge.',
    ],
    async run(ctx) {
      const { paid, paidYesterday } = await replay(ctx);
      const counts = new Map<string, number>();
      for (const row of ctx.dynamodb.items('Charges'))
        counts.set(String(row.paymentId), (counts.get(String(row.paymentId)) ?? 0) + 1);
      for (const p of paid) {
        const n = counts.get(p.paymentId) ?? 0;
        if (n !== 1) return fail(`Payment ${p.paymentId} was charged ${n} times during the replay, not once`);
      }
      const again = counts.get(paidYesterday.paymentId) ?? 0;
      return again === 0
        ? pass()
        : fail(
            `Payment ${paidYesterday.paymentId} was already in Payments (charged yesterday), but it was charged again`,
          );
    },
  },
  {
    id: 'duplicates-succeed',
    title: 'A duplicate is a success, not a failure; the malformed message is still reported',
    task: 'idempotent',
    hints: [
      'A payment that was already charged needs no more work: do not report it in batchItemFailures, or it comes back again.',
      'Only messages that really failed (like the malformed one) belong in batchItemFailures.',
    ],
    async run(ctx) {
      const { poisonId, responses } = await replay(ctx);
      const [first, second, third] = responses.map((r) => (r.functionError ? null : reported(r.body)));
      if (!first || !second || !third) return fail('The function failed as a whole on a replayed batch');
      for (const [name, failures] of [
        ['The first batch', first],
        ['Its redelivery', second],
      ] as const)
        if (failures.length !== 1 || failures[0] !== poisonId)
          return fail(
            `${name} reported ${JSON.stringify(failures)}: expected only the malformed message, ${poisonId}`,
          );
      return third.length === 0
        ? pass()
        : fail(
            `The batch with a duplicate and an already-charged payment reported failures: ${JSON.stringify(third)}`,
          );
    },
  },
  {
    id: 'payments-recorded',
    title: 'Each charged payment is recorded in the Payments table with its amount',
    task: 'idempotent',
    hints: [
      'The conditional put that claims a payment is also its record: put paymentId, orderId and amountCents.',
    ],
    async run(ctx) {
      const { paid } = await replay(ctx);
      for (const p of paid) {
        const item = ctx.dynamodb.get('Payments', { paymentId: p.paymentId });
        if (!item) return fail(`Payment ${p.paymentId} was charged but is not in the Payments table`);
        if (item.amountCents !== p.amountCents)
          return fail(
            `Payments holds ${String(item.amountCents)} for ${p.paymentId}; it was ${p.amountCents}`,
          );
      }
      return pass();
    },
  },
]);
