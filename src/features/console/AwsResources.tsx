/**
 * The "AWS resources" region: a small console over one simulated account — its tables, queues, buckets,
 * topics, rules, secrets and parameters, log groups (with Logs Insights and EMF metrics) and traces — plus
 * reset, export and import of the whole account. It takes an account and, optionally, what saves it; it keeps
 * no state of its own beyond what is on screen, so the playground and a lab page place it the same way:
 *
 *   <AwsResources account={workspace.account} persistence={workspace.persistence} />
 *
 * Panels read the account's models directly (no HTTP) and re-read when the account changes, once a frame.
 */
import { useId, useState, type ChangeEvent } from 'react';
import type { AwsAccount } from '../../sim/aws/account';
import { downloadText } from '../../platform/download';
import { Tabs } from '../../ui/Tabs';
import { useAccountVersion } from './useAccountVersion';
import { TablesPanel } from './TablesPanel';
import { QueuesPanel } from './QueuesPanel';
import { BucketsPanel } from './BucketsPanel';
import { RulesPanel, TopicsPanel } from './MessagingPanel';
import { SecretsPanel } from './SecretsPanel';
import { LogsPanel } from './LogsPanel';
import { TracesPanel } from './TracesPanel';
import './console.css';

/** What the console needs to reset, export and import (AccountPersistence has it). */
export interface AccountFile {
  exportJson(): string;
  importJson(json: string): Promise<{ ok: true } | { ok: false; error: string }>;
  reset(): Promise<void>;
}

export interface AwsResourcesProps {
  /** The account to show (a workspace's `account`). */
  account: AwsAccount;
  /** Reset / export / import; without it those buttons are not shown. */
  persistence?: AccountFile;
  /** The region's heading (default "AWS resources"). */
  title?: string;
  /** Heading level of the title (default 2). */
  headingLevel?: 2 | 3;
  /** Name of the exported file (default `aws-account.json`). */
  exportFileName?: string;
}

export type ConsoleTab = 'tables' | 'queues' | 'buckets' | 'topics' | 'rules' | 'secrets' | 'logs' | 'traces';

const TABS: ReadonlyArray<{ id: ConsoleTab; label: string }> = [
  { id: 'tables', label: 'Tables' },
  { id: 'queues', label: 'Queues' },
  { id: 'buckets', label: 'Buckets' },
  { id: 'topics', label: 'Topics' },
  { id: 'rules', label: 'Rules' },
  { id: 'secrets', label: 'Secrets and parameters' },
  { id: 'logs', label: 'Logs' },
  { id: 'traces', label: 'Traces' },
];

export default function AwsResources(props: AwsResourcesProps) {
  return <AwsResourcesRegion {...props} />;
}

export function AwsResourcesRegion({
  account,
  persistence,
  title = 'AWS resources',
  headingLevel = 2,
  exportFileName = 'aws-account.json',
}: AwsResourcesProps) {
  const ids = useId();
  // Read only to re-render: every panel reads the account afresh.
  useAccountVersion(account);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="aws-console" aria-labelledby={`${ids}-title`}>
      <div className="aws-console__header">
        <Heading id={`${ids}-title`} className="aws-console__title">
          {title}
        </Heading>
        <p className="aws-console__identity">
          Region <strong data-testid="aws-region">{account.region}</strong> · Account ID{' '}
          <strong data-testid="aws-account-id">{account.accountId}</strong>
        </p>
        {persistence && <AccountActions persistence={persistence} exportFileName={exportFileName} />}
      </div>
      <Tabs label={`${title} services`} tabs={TABS}>
        {(tab) => {
          switch (tab) {
            case 'tables':
              return <TablesPanel account={account} />;
            case 'queues':
              return <QueuesPanel account={account} />;
            case 'buckets':
              return <BucketsPanel account={account} />;
            case 'topics':
              return <TopicsPanel account={account} />;
            case 'rules':
              return <RulesPanel account={account} />;
            case 'secrets':
              return <SecretsPanel account={account} />;
            case 'logs':
              return <LogsPanel account={account} />;
            case 'traces':
              return <TracesPanel account={account} />;
          }
        }}
      </Tabs>
    </section>
  );
}

/** A chosen file's text (FileReader: every browser, and jsdom in tests). */
function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsText(file);
  });
}

function AccountActions({
  persistence,
  exportFileName,
}: {
  persistence: AccountFile;
  exportFileName: string;
}) {
  const ids = useId();
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const onImport = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const result = await persistence.importJson(await readText(file));
    setStatus(
      result.ok
        ? { text: `Imported the account from ${file.name}.`, error: false }
        : { text: `Nothing was changed: ${result.error}`, error: true },
    );
  };
  return (
    <div className="aws-console__actions" role="group" aria-label="Account">
      <button
        type="button"
        onClick={() => {
          downloadText(exportFileName, persistence.exportJson());
          setStatus({ text: `Exported the account as ${exportFileName}.`, error: false });
        }}
      >
        Export account
      </button>
      <label className="aws-console__file">
        <span>Import account</span>
        <input
          type="file"
          accept="application/json,.json"
          aria-describedby={`${ids}-import`}
          onChange={(event) => void onImport(event)}
        />
      </label>
      <span id={`${ids}-import`} className="visually-hidden">
        Replaces every resource with those in an exported file; a file that is not a valid export changes
        nothing.
      </span>
      {confirming ? (
        <>
          <button
            type="button"
            className="aws-console__danger"
            onClick={() => {
              setConfirming(false);
              void persistence
                .reset()
                .then(() => setStatus({ text: 'The account was reset.', error: false }));
            }}
          >
            Confirm reset
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep the account
          </button>
        </>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          Reset account
        </button>
      )}
      <p
        role={status?.error ? 'alert' : 'status'}
        className={status?.error ? 'aws-console__error' : 'aws-console__notice'}
      >
        {status?.text}
      </p>
    </div>
  );
}
