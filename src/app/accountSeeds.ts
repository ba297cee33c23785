/**
 * What a workspace's account starts with. The lesson embeds share the `lessons` workspace, whose `client-reuse`
 * example reads an item from an `orders` table: the table is put back whenever it is missing (a reset, or a
 * learner deleting it), with its one item. The playground starts empty: the learner makes what they need.
 */
import type { AwsAccount } from '../sim/aws/account';
import type { DynamoDb } from '../sim/aws/dynamodb';

export const LESSON_ORDERS_TABLE = 'orders';

export function seedWorkspaceAccount(workspaceId: string, account: AwsAccount): void {
  if (workspaceId !== 'lessons') return;
  const dynamodb = account.service<DynamoDb>('dynamodb');
  if (!dynamodb || dynamodb.listTables().includes(LESSON_ORDERS_TABLE)) return;
  dynamodb.call('CreateTable', {
    TableName: LESSON_ORDERS_TABLE,
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  dynamodb.call('PutItem', {
    TableName: LESSON_ORDERS_TABLE,
    Item: {
      id: { S: 'order-1' },
      customer: { S: 'Ada' },
      total: { N: '42.50' },
      status: { S: 'PAID' },
    },
  });
}
