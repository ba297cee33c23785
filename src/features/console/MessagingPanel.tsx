/** SNS topics with their subscriptions, and EventBridge buses with their rules, patterns and targets. */
import type { AwsAccount } from '../../sim/aws/account';
import type { SnsService, Topic } from '../../sim/aws/sns/sns';
import type { EventBridgeService, Rule } from '../../sim/aws/eventbridge/eventbridge';
import { DataTable } from './DataTable';
import { shortName } from './format';

export function TopicsPanel({ account }: { account: AwsAccount }) {
  const sns = account.service<SnsService>('sns');
  if (!sns) return <p className="aws-console__empty">SNS is not part of this account.</p>;
  return (
    <div className="aws-console__panel">
      <DataTable<Topic>
        caption="Topics"
        rows={sns.listTopicViews()}
        rowKey={(topic) => topic.arn}
        empty="No topics yet. Create one with CreateTopic from a handler."
        columns={[
          { header: 'Name', rowHeader: true, cell: (topic) => topic.name },
          { header: 'Type', cell: (topic) => (topic.fifo ? 'FIFO' : 'Standard') },
          {
            header: 'Subscriptions',
            cell: (topic) => {
              const subscriptions = sns.subscriptionsOf(topic.arn);
              if (subscriptions.length === 0) return 'None';
              return (
                <ul className="aws-console__list">
                  {subscriptions.map((subscription) => (
                    <li key={subscription.arn}>
                      {subscription.protocol}: {shortName(subscription.endpoint)}
                      {subscription.filter ? ' (with a filter policy)' : ''}
                    </li>
                  ))}
                </ul>
              );
            },
          },
        ]}
      />
    </div>
  );
}

export function RulesPanel({ account }: { account: AwsAccount }) {
  const events = account.service<EventBridgeService>('events');
  if (!events) return <p className="aws-console__empty">EventBridge is not part of this account.</p>;
  return (
    <div className="aws-console__panel">
      <p className="aws-console__muted">
        Event buses:{' '}
        {events
          .listBuses()
          .map((bus) => bus.name)
          .join(', ') || 'none'}
        .
      </p>
      <DataTable<Rule>
        caption="Rules"
        rows={events.listAllRules()}
        rowKey={(rule) => rule.arn}
        empty="No rules yet. Create one with PutRule from a handler."
        columns={[
          { header: 'Name', rowHeader: true, cell: (rule) => rule.name },
          { header: 'Bus', cell: (rule) => rule.busName },
          { header: 'State', cell: (rule) => rule.state },
          {
            header: 'Pattern or schedule',
            cell: (rule) => (
              <code className="aws-console__code">{rule.eventPattern ?? rule.scheduleExpression ?? ''}</code>
            ),
          },
          {
            header: 'Targets',
            cell: (rule) => rule.targets.map((target) => shortName(target.Arn)).join(', ') || 'None',
          },
        ]}
      />
    </div>
  );
}
