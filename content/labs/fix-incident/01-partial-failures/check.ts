import { defineChecks, fail, pass, sqsEvent, type CheckContext } from '@coldstart/lab';

/** Payments the instructions never show: random ids and amounts. */
function payments(n: number) {
  return Array.from({ length: n }, () => {
    const id = Math.random().toString(36).slice(2, 10);
    return {
      paymentId: `pay-${id}`,
      orderId: `o-${id}`,
      amountCents: 100 + Math.floor(Math.random() * 9900),
    };
  });
}

function chargesByPayment(ctx: CheckContext): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of ctx.dynamodb.items('Charges')) {
    const id = String(row.paymentId);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** The message ids a batch response reports as failed (null when the response is not a partial batch response). */
function reported(body: unknown): string[] | null {
  if (body === null || body === undefined) return [];
  const failures = (body as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return [];
  if (!Array.isArray(failures)) return null;
  return failures.map((f) => String((f as { itemIdentifier?: unknown }).itemIdentifier));
}

/** A batch as the incident saw it: valid payments with two malformed messages among them. */
function mixedBatch() {
  const [first, second, third] = payments(3);
  const event = sqsEvent([
    { body: JSON.stringify(first) },
    { body: '{"paymentId": "pay-broken", "amountCents": ' },
    { body: JSON.stringify(second) },
    { body: JSON.stringify({ paymentId: 'pay-negative', orderId: 'o-x', amountCents: -500 }) },
    { body: JSON.stringify(third) },
  ]);
  const ids = event.Records.map((r) => String(r.messageId));
  return { event, valid: [first!, second!, third!], poisonIds: [ids[1]!, ids[3]!] };
}

export default defineChecks([
  {
    id: 'valid-batch',
    title: 'A batch of valid payments charges each one once and reports no failures',
    task: 'replay',
    hints: [
      'Keep charging every valid payment in the batch.',
      'An empty batchItemFailures list means "every message succeeded".',
    ],
    async run(ctx) {
      const batch = payments(4);
      const r = await ctx.invoke(sqsEvent(batch.map((p) => ({ body: JSON.stringify(p) }))));
      if (r.functionError)
        return fail(`The function failed on a batch of valid payments: ${JSON.stringify(r.body)}`);
      const failures = reported(r.body);
      if (failures === null || failures.length > 0)
        return fail(`The response reported failures for valid payments: ${r.raw}`);
      const counts = chargesByPayment(ctx);
      const wrong = batch.filter((p) => counts.get(p.paymentId) !== 1);
      return wrong.length === 0
        ? pass()
        : fail(
            `Payment ${wrong[0]!.paymentId} was charged ${counts.get(wrong[0]!.paymentId) ?? 0} times, not once`,
          );
    },
  },
  {
    id: 'poison-reported',
    title: 'Malformed messages are reported in batchItemFailures — only they go back to the queue',
    task: 'report',
    weight: 2,
    hints: [
      'Today the handler catches the error and returns nothing: Lambda then deletes the whole batch, the bad messages with it.',
      'Return { batchItemFailures: [{ itemIdentifier: record.messageId }, …] } listing only the messages that failed.',
      'The identifier is the message id (record.messageId), not the receipt handle or anything in the body.',
    ],
    async run(ctx) {
      const { event, poisonIds } = mixedBatch();
      const r = await ctx.invoke(event);
      if (r.functionError)
        return fail(
          'The function failed as a whole: every message of the batch, valid or not, goes back to the queue and is processed again',
        );
      const failures = reported(r.body);
      if (failures === null) return fail(`batchItemFailures must be a list: the response was ${r.raw}`);
      if (failures.length === 0)
        return fail(
          'The response reports no failures: Lambda deletes the malformed messages, and nobody ever sees them again',
        );
      const extra = failures.filter((id) => !poisonIds.includes(id));
      const missing = poisonIds.filter((id) => !failures.includes(id));
      if (extra.length > 0)
        return fail(
          `The response reports ${extra.length} message(s) that succeeded (${extra.join(', ')}): they would be delivered again`,
        );
      return missing.length === 0
        ? pass()
        : fail(`A malformed message is missing from batchItemFailures: ${missing.join(', ')}`);
    },
  },
  {
    id: 'mixed-batch-charged',
    title: 'In a batch with malformed messages, every valid payment is still charged once',
    task: 'report',
    hints: [
      'One bad message must not stop the loop: handle each record on its own.',
      'Never charge a message that failed validation.',
    ],
    async run(ctx) {
      const { event, valid } = mixedBatch();
      const r = await ctx.invoke(event);
      const counts = chargesByPayment(ctx);
      for (const p of valid)
        if (counts.get(p.paymentId) !== 1)
          return fail(
            `Payment ${p.paymentId} was charged ${counts.get(p.paymentId) ?? 0} times in a mixed batch, not once`,
          );
      const others = [...counts.keys()].filter((id) => !valid.some((p) => p.paymentId === id));
      if (others.length > 0) return fail(`A malformed message was charged: ${others.join(', ')}`);
      return r.functionError
        ? fail('The function failed as a whole, so the batch would be delivered again and charged again')
        : pass();
    },
  },
]);
