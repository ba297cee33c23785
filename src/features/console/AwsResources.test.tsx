// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { VirtualClock } from '../../sim/clock';
import { AwsAccount } from '../../sim/aws/account';
import { ALL_SERVICES } from '../../sim/aws/services';
import type { DynamoDb } from '../../sim/aws/dynamodb';
import type { SqsService } from '../../sim/aws/sqs/sqs';
import type { LogsService } from '../../sim/aws/logs';
import { createMemoryAccountStore } from '../../platform/accountStore';
import { AccountPersistence } from '../../app/accountPersistence';
import { AwsResourcesRegion } from './AwsResources';

afterEach(cleanup);

function newAccount() {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock, epochMs: Date.UTC(2026, 11, 1), seed: 1 }, ALL_SERVICES);
  return { clock, account };
}

function ordersTable(account: AwsAccount, count: number) {
  const dynamodb = account.service<DynamoDb>('dynamodb')!;
  dynamodb.call('CreateTable', {
    TableName: 'Orders',
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  for (let index = 0; index < count; index++)
    dynamodb.call('PutItem', {
      TableName: 'Orders',
      Item: { id: { S: `order-${String(index).padStart(3, '0')}` }, total: { N: String(index) } },
    });
  return dynamodb;
}

describe('the AWS resources region', () => {
  it('names the region and shows the fixed region and account id', () => {
    const { account } = newAccount();
    render(<AwsResourcesRegion account={account} />);
    const region = screen.getByRole('region', { name: 'AWS resources' });
    expect(within(region).getByText('us-east-1')).toBeTruthy();
    expect(within(region).getByText('123456789012')).toBeTruthy();
    expect(
      within(region)
        .getAllByRole('tab')
        .map((tab) => tab.textContent),
    ).toEqual(['Tables', 'Queues', 'Buckets', 'Topics', 'Rules', 'Secrets and parameters', 'Logs', 'Traces']);
    // Without persistence there is nothing to reset, export or import.
    expect(screen.queryByRole('button', { name: 'Reset account' })).toBeNull();
  });

  it('pages a large table 25 items at a time, in key order', async () => {
    const user = userEvent.setup();
    const { account } = newAccount();
    ordersTable(account, 60);
    render(<AwsResourcesRegion account={account} />);
    await user.click(screen.getByRole('button', { name: 'Orders' }));
    const items = () => screen.getByRole('table', { name: 'Items in Orders' });
    const firstKeys = () =>
      within(items())
        .getAllByRole('rowheader')
        .map((cell) => cell.textContent);
    expect(firstKeys()).toHaveLength(25);
    expect(firstKeys()[0]).toBe('order-000');
    const pager = screen.getByRole('navigation', { name: 'Pages of Orders' });
    await user.click(within(pager).getByRole('button', { name: 'Next page' }));
    await user.click(within(pager).getByRole('button', { name: 'Next page' }));
    expect(firstKeys()).toEqual(Array.from({ length: 10 }, (_, index) => `order-0${50 + index}`));
    expect(within(pager).getByRole('button', { name: 'Next page' })).toHaveProperty('disabled', true);
    await user.click(within(pager).getByRole('button', { name: 'Previous page' }));
    expect(firstKeys()[0]).toBe('order-025');
  });

  it('adds and edits items through PutItem, and shows DynamoDB’s own validation message', async () => {
    const user = userEvent.setup();
    const { account } = newAccount();
    const dynamodb = ordersTable(account, 1);
    render(<AwsResourcesRegion account={account} />);
    await user.click(screen.getByRole('button', { name: 'Orders' }));

    await user.click(screen.getByRole('button', { name: 'Edit item order-000' }));
    const editor = screen.getByRole('textbox', { name: 'Item (DynamoDB JSON)' });
    await user.clear(editor);
    await user.click(editor);
    await user.paste('{"id":{"S":"order-000"},"total":{"N":"99"},"status":{"S":"PAID"}}');
    await user.click(screen.getByRole('button', { name: 'Save item' }));
    expect(dynamodb.table('Orders')!.get({ id: { S: 'order-000' } })).toEqual({
      id: { S: 'order-000' },
      total: { N: '99' },
      status: { S: 'PAID' },
    });
    expect(screen.getByRole('status').textContent).toBe('Saved the item order-000.');

    await user.click(screen.getByRole('button', { name: 'Add item' }));
    const added = screen.getByRole('textbox', { name: 'New item (DynamoDB JSON)' });
    await user.clear(added);
    await user.click(added);
    await user.paste('{"total":{"N":"1"}}');
    await user.click(screen.getByRole('button', { name: 'Save item' }));
    expect(screen.getByRole('alert').textContent).toBe(
      'One or more parameter values were invalid: Missing the key id in the item',
    );
    expect(dynamodb.table('Orders')!.count()).toBe(1);

    await user.clear(added);
    await user.click(added);
    await user.paste('{"id":{"S":"order-new"}}');
    await user.click(screen.getByRole('button', { name: 'Save item' }));
    expect(dynamodb.table('Orders')!.count()).toBe(2);
    // The account changed outside React's knowledge: the table re-renders on the next frame.
    expect(await screen.findByRole('button', { name: 'Edit item order-new' })).toBeTruthy();
  });

  it('shows a queue’s messages with their receive counts and its dead-letter queue', async () => {
    const user = userEvent.setup();
    const { account } = newAccount();
    const sqs = account.service<SqsService>('sqs')!;
    const dlq = sqs.createQueue('orders-dlq');
    sqs.createQueue('orders', {
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: sqs.queueArnOf('orders-dlq'),
        maxReceiveCount: 2,
      }),
      VisibilityTimeout: '1',
    });
    const url = sqs.queueUrl('orders');
    sqs.sendMessage(url, { messageBody: 'poison' });
    await sqs.receiveMessage(url);
    render(<AwsResourcesRegion account={account} />);
    await user.click(screen.getByRole('tab', { name: 'Queues' }));
    const queues = screen.getByRole('table', { name: 'Queues' });
    const ordersRow = within(queues).getByRole('button', { name: 'orders' }).closest('tr')!;
    expect(within(ordersRow).getByText('orders-dlq after 2 receives')).toBeTruthy();
    expect(within(queues).getByText('Is the DLQ of orders')).toBeTruthy();
    expect(dlq).toBeDefined();
    await user.click(within(queues).getByRole('button', { name: 'orders' }));
    const messages = screen.getByRole('table', { name: 'Messages in orders' });
    const row = within(messages).getAllByRole('row')[1]!;
    expect(within(row).getByText('In flight')).toBeTruthy();
    expect(within(row).getByText('poison')).toBeTruthy();
    expect(within(row).getAllByRole('cell')[1]!.textContent).toBe('1');
  });

  it('runs the Insights cold-start query over a log group and reports a bad query', async () => {
    const user = userEvent.setup();
    const { account } = newAccount();
    const logs = account.service<LogsService>('logs')!;
    // Within the account's clock: CloudWatch Logs rejects events more than two hours ahead.
    const at = Date.UTC(2026, 11, 1) + 1000;
    logs.putLogEvents('/aws/lambda/orders', 'stream-a', [
      {
        timestamp: at,
        message:
          'REPORT RequestId: 6f1a0c3e-0000-4000-8000-000000000001\tDuration: 12.00 ms\tBilled Duration: 12 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\tInit Duration: 150.00 ms\t',
      },
      {
        timestamp: at + 1000,
        message:
          'REPORT RequestId: 6f1a0c3e-0000-4000-8000-000000000002\tDuration: 3.00 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t',
      },
    ]);
    render(<AwsResourcesRegion account={account} />);
    await user.click(screen.getByRole('tab', { name: 'Logs' }));
    await user.click(screen.getByRole('button', { name: 'Run query' }));
    const results = screen.getByRole('table', { name: 'Query results' });
    const headers = within(results)
      .getAllByRole('columnheader')
      .map((cell) => cell.textContent);
    expect(headers).toEqual(['bin(5m)', 'invocations', 'coldStarts', 'avgInit', 'maxDuration']);
    const cells = within(within(results).getAllByRole('row')[1]!)
      .getAllByRole('cell')
      .map((cell) => cell.textContent);
    expect(cells).toEqual(['2', '1', '150', '12']);

    const box = screen.getByRole('textbox', { name: 'Query' });
    await user.clear(box);
    await user.type(box, 'stats nonsense(');
    await user.click(screen.getByRole('button', { name: 'Run query' }));
    expect(screen.getByRole('alert').textContent).not.toBe('');
  });

  it('exports, refuses a bad import without changing anything, imports a good one and resets', async () => {
    const user = userEvent.setup();
    const { account } = newAccount();
    ordersTable(account, 3);
    const persistence = new AccountPersistence('test', account, createMemoryAccountStore());
    await persistence.ready;
    const exported = persistence.exportJson();
    render(<AwsResourcesRegion account={account} persistence={persistence} />);
    const group = screen.getByRole('group', { name: 'Account' });
    const input = within(group).getByLabelText('Import account');

    await user.upload(
      input,
      new File(['{"services": {"dynamodb": 42}}'], 'bad.json', { type: 'application/json' }),
    );
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Nothing was changed: /);
    expect(account.service<DynamoDb>('dynamodb')!.table('Orders')!.count()).toBe(3);

    await user.click(within(group).getByRole('button', { name: 'Reset account' }));
    await user.click(within(group).getByRole('button', { name: 'Confirm reset' }));
    expect((await screen.findByRole('status')).textContent).toBe('The account was reset.');
    expect(account.service<DynamoDb>('dynamodb')!.listTables()).toEqual([]);

    await user.upload(input, new File([exported], 'good.json', { type: 'application/json' }));
    expect(await screen.findByText('Imported the account from good.json.')).toBeTruthy();
    expect(account.service<DynamoDb>('dynamodb')!.table('Orders')!.count()).toBe(3);
    await persistence.dispose();
  });
});
