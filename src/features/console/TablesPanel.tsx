/**
 * DynamoDB in the console: the tables, a table's items a page at a time (cursor pages, as the service pages
 * them), and an editor for one item in DynamoDB JSON. Saving is a PutItem, so the service's own validation
 * messages (a missing key, a wrong key type, an item over 400 KB) show as they would in the AWS console.
 */
import { useId, useState } from 'react';
import type { AwsAccount } from '../../sim/aws/account';
import type { AttributeMap, DynamoDb } from '../../sim/aws/dynamodb';
import { DataTable } from './DataTable';
import { attributeColumns, formatAttribute } from './format';

const ITEMS_PER_PAGE = 25;

export function TablesPanel({ account }: { account: AwsAccount }) {
  const dynamodb = account.service<DynamoDb>('dynamodb');
  const [selected, setSelected] = useState<string | null>(null);
  if (!dynamodb) return <p className="aws-console__empty">DynamoDB is not part of this account.</p>;
  const names = dynamodb.listTables();
  const current = selected !== null && names.includes(selected) ? selected : null;
  return (
    <div className="aws-console__panel">
      <DataTable
        caption="Tables"
        rows={names}
        rowKey={(name) => name}
        empty="No tables yet. Create one below, or with CreateTable from a handler."
        columns={[
          {
            header: 'Name',
            rowHeader: true,
            cell: (name) => (
              <button
                type="button"
                className="aws-console__link"
                aria-pressed={current === name}
                onClick={() => setSelected(name)}
              >
                {name}
              </button>
            ),
          },
          {
            header: 'Keys',
            cell: (name) => {
              const schema = dynamodb.table(name)!.keySchema;
              return schema.sort
                ? `${schema.partition.name} (${schema.partition.type}), ${schema.sort.name} (${schema.sort.type})`
                : `${schema.partition.name} (${schema.partition.type})`;
            },
          },
          { header: 'Items', cell: (name) => dynamodb.table(name)!.count() },
        ]}
      />
      <CreateTableForm dynamodb={dynamodb} onCreated={setSelected} />
      {current && <TableItems key={current} dynamodb={dynamodb} name={current} />}
    </div>
  );
}

function CreateTableForm({ dynamodb, onCreated }: { dynamodb: DynamoDb; onCreated: (name: string) => void }) {
  const ids = useId();
  const [name, setName] = useState('');
  const [partition, setPartition] = useState('id');
  const [sort, setSort] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = () => {
    const attributes = [{ AttributeName: partition.trim(), AttributeType: 'S' }];
    const keys = [{ AttributeName: partition.trim(), KeyType: 'HASH' }];
    if (sort.trim()) {
      attributes.push({ AttributeName: sort.trim(), AttributeType: 'S' });
      keys.push({ AttributeName: sort.trim(), KeyType: 'RANGE' });
    }
    try {
      dynamodb.call('CreateTable', {
        TableName: name.trim(),
        AttributeDefinitions: attributes,
        KeySchema: keys,
        BillingMode: 'PAY_PER_REQUEST',
      });
      setError(null);
      onCreated(name.trim());
      setName('');
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  return (
    <form
      className="aws-console__form"
      aria-labelledby={`${ids}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        create();
      }}
    >
      <h4 id={`${ids}-title`}>Create table</h4>
      <label>
        Table name <input value={name} onChange={(event) => setName(event.target.value)} required />
      </label>
      <label>
        Partition key (string){' '}
        <input value={partition} onChange={(event) => setPartition(event.target.value)} required />
      </label>
      <label>
        Sort key (string, optional) <input value={sort} onChange={(event) => setSort(event.target.value)} />
      </label>
      <button type="submit">Create table</button>
      {error && (
        <p role="alert" className="aws-console__error">
          {error}
        </p>
      )}
    </form>
  );
}

function TableItems({ dynamodb, name }: { dynamodb: DynamoDb; name: string }) {
  const ids = useId();
  // Cursor pages: the start key of every page seen so far, so Previous goes back exactly.
  const [cursors, setCursors] = useState<Array<AttributeMap | undefined>>([undefined]);
  const [editing, setEditing] = useState<{ text: string; isNew: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const table = dynamodb.table(name);
  if (!table) return null;
  const keys = table.keySchema.sort
    ? [table.keySchema.partition.name, table.keySchema.sort.name]
    : [table.keySchema.partition.name];
  const page = table.items({ limit: ITEMS_PER_PAGE, after: cursors[cursors.length - 1] });
  const columns = attributeColumns(keys, page.items);
  const keyOf = (item: AttributeMap) =>
    Object.fromEntries(keys.map((key) => [key, item[key]!])) as AttributeMap;
  const keyText = (item: AttributeMap) => keys.map((key) => formatAttribute(item[key])).join(' / ');

  const save = () => {
    if (!editing) return;
    let item: AttributeMap;
    try {
      item = JSON.parse(editing.text) as AttributeMap;
    } catch (caught) {
      setError(`The item is not JSON: ${(caught as Error).message}`);
      return;
    }
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      setError('The item must be a JSON object of attributes in DynamoDB JSON, like {"id": {"S": "a"}}.');
      return;
    }
    try {
      table.put(item);
      setError(null);
      setEditing(null);
      setNotice(`Saved the item ${keyText(item)}.`);
    } catch (caught) {
      setError((caught as Error).message);
    }
  };

  const template = () => {
    const item: AttributeMap = {};
    for (const key of [table.keySchema.partition, table.keySchema.sort]) {
      if (!key) continue;
      item[key.name] = key.type === 'N' ? { N: '0' } : key.type === 'B' ? { B: '' } : { S: '' };
    }
    return JSON.stringify(item, null, 2);
  };

  return (
    <section className="aws-console__detail" aria-labelledby={`${ids}-title`}>
      <h4 id={`${ids}-title`}>
        Items in {name} <span className="aws-console__muted">({table.count()} in all)</span>
      </h4>
      <div className="aws-console__toolbar">
        <button type="button" onClick={() => setEditing({ text: template(), isNew: true })}>
          Add item
        </button>
      </div>
      {notice && (
        <p role="status" className="aws-console__notice">
          {notice}
        </p>
      )}
      {editing && (
        <form
          className="aws-console__form"
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <label className="aws-console__wide">
            {editing.isNew ? 'New item (DynamoDB JSON)' : 'Item (DynamoDB JSON)'}
            <textarea
              rows={8}
              spellCheck={false}
              value={editing.text}
              onChange={(event) => setEditing({ ...editing, text: event.target.value })}
            />
          </label>
          <button type="submit">Save item</button>
          <button
            type="button"
            onClick={() => {
              setEditing(null);
              setError(null);
            }}
          >
            Cancel
          </button>
          {error && (
            <p role="alert" className="aws-console__error">
              {error}
            </p>
          )}
        </form>
      )}
      <DataTable
        caption={`Items in ${name}`}
        rows={page.items}
        rowKey={(item) => JSON.stringify(keyOf(item))}
        empty="This table has no items."
        columns={[
          ...columns.map((column, index) => ({
            header: column,
            rowHeader: index === 0,
            cell: (item: AttributeMap) => formatAttribute(item[column]),
          })),
          {
            header: 'Actions',
            cell: (item: AttributeMap) => (
              <span className="aws-console__actions">
                <button
                  type="button"
                  aria-label={`Edit item ${keyText(item)}`}
                  onClick={() => {
                    setError(null);
                    setEditing({ text: JSON.stringify(item, null, 2), isNew: false });
                  }}
                >
                  Edit
                </button>
                <button
                  type="button"
                  aria-label={`Delete item ${keyText(item)}`}
                  onClick={() => {
                    table.delete(keyOf(item));
                    setNotice(`Deleted the item ${keyText(item)}.`);
                  }}
                >
                  Delete
                </button>
              </span>
            ),
          },
        ]}
      />
      {(cursors.length > 1 || page.next) && (
        <nav className="aws-console__pager" aria-label={`Pages of ${name}`}>
          <button
            type="button"
            disabled={cursors.length === 1}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            Previous page
          </button>
          <span aria-live="polite">Page {cursors.length}</span>
          <button
            type="button"
            disabled={!page.next}
            onClick={() => page.next && setCursors([...cursors, page.next])}
          >
            Next page
          </button>
        </nav>
      )}
    </section>
  );
}
