/**
 * SQS in the console: every queue with its messages available, in flight and delayed, its redrive policy and
 * the queues that send to it; a queue's messages with their receive counts (ApproximateReceiveCount), so a
 * learner can watch a message go round maxReceiveCount times and land in the dead-letter queue.
 */
import { useId, useState } from 'react';
import type { AwsAccount } from '../../sim/aws/account';
import type { MessageView, QueueView, SqsService } from '../../sim/aws/sqs/sqs';
import { DataTable, Pager, pageOf } from './DataTable';
import { formatTime, shortName } from './format';

const STATE_LABEL: Record<MessageView['state'], string> = {
  visible: 'Available',
  inflight: 'In flight',
  delayed: 'Delayed',
};

export function QueuesPanel({ account }: { account: AwsAccount }) {
  const sqs = account.service<SqsService>('sqs');
  const [selected, setSelected] = useState<string | null>(null);
  if (!sqs) return <p className="aws-console__empty">SQS is not part of this account.</p>;
  const queues = sqs.listQueueViews();
  const current = queues.find((queue) => queue.url === selected) ?? null;
  return (
    <div className="aws-console__panel">
      <DataTable<QueueView>
        caption="Queues"
        rows={queues}
        rowKey={(queue) => queue.url}
        empty="No queues yet. Create one with CreateQueue from a handler."
        columns={[
          {
            header: 'Name',
            rowHeader: true,
            cell: (queue) => (
              <button
                type="button"
                className="aws-console__link"
                aria-pressed={current?.url === queue.url}
                onClick={() => setSelected(queue.url)}
              >
                {queue.name}
              </button>
            ),
          },
          { header: 'Type', cell: (queue) => (queue.fifo ? 'FIFO' : 'Standard') },
          { header: 'Available', cell: (queue) => queue.visible },
          { header: 'In flight', cell: (queue) => queue.inFlight },
          { header: 'Delayed', cell: (queue) => queue.delayed },
          {
            header: 'Dead-letter queue',
            cell: (queue) =>
              queue.deadLetterTargetArn
                ? `${shortName(queue.deadLetterTargetArn)} after ${queue.maxReceiveCount ?? '?'} receives`
                : queue.deadLetterSourceArns.length > 0
                  ? `Is the DLQ of ${queue.deadLetterSourceArns.map(shortName).join(', ')}`
                  : '—',
          },
        ]}
      />
      {current && <QueueMessages key={current.url} sqs={sqs} queue={current} />}
    </div>
  );
}

function QueueMessages({ sqs, queue }: { sqs: SqsService; queue: QueueView }) {
  const ids = useId();
  const [page, setPage] = useState(0);
  const messages = sqs.messages(queue.url);
  return (
    <section className="aws-console__detail" aria-labelledby={`${ids}-title`}>
      <h4 id={`${ids}-title`}>Messages in {queue.name}</h4>
      <p className="aws-console__muted">
        Visibility timeout {queue.attributes.VisibilityTimeout ?? '30'} s, retention{' '}
        {queue.attributes.MessageRetentionPeriod ?? '345600'} s.
      </p>
      <DataTable<MessageView>
        caption={`Messages in ${queue.name}`}
        rows={pageOf(messages, page)}
        rowKey={(message) => message.messageId}
        empty="No messages."
        columns={[
          { header: 'Message ID', rowHeader: true, cell: (message) => message.messageId },
          { header: 'State', cell: (message) => STATE_LABEL[message.state] },
          { header: 'Receive count', cell: (message) => message.receiveCount },
          { header: 'Sent', cell: (message) => formatTime(message.sentTimestamp) },
          {
            header: 'Body',
            cell: (message) => <code className="aws-console__code">{message.body}</code>,
          },
          {
            header: 'From',
            cell: (message) =>
              message.deadLetterQueueSourceArn
                ? `Moved from ${shortName(message.deadLetterQueueSourceArn)}`
                : '',
          },
        ]}
      />
      <Pager
        label={`Pages of messages in ${queue.name}`}
        page={page}
        total={messages.length}
        onPage={setPage}
      />
    </section>
  );
}
