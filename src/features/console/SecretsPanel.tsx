/**
 * Secrets Manager secrets and Parameter Store parameters. Values stay hidden until asked for, one at a time,
 * as the AWS console does ("Retrieve secret value", "Show decrypted value").
 */
import { useState } from 'react';
import type { AwsAccount } from '../../sim/aws/account';
import type { Secret, SecretsManagerService } from '../../sim/aws/secretsmanager/secretsmanager';
import type { Parameter, SsmService } from '../../sim/aws/ssm/ssm';
import { DataTable } from './DataTable';
import { formatTime } from './format';

export function SecretsPanel({ account }: { account: AwsAccount }) {
  const secrets = account.service<SecretsManagerService>('secretsmanager');
  const ssm = account.service<SsmService>('ssm');
  const [shown, setShown] = useState<string | null>(null);
  const reveal = (id: string, value: () => string) =>
    shown === id ? (
      <>
        <code className="aws-console__code">{value()}</code>{' '}
        <button type="button" onClick={() => setShown(null)} aria-label={`Hide the value of ${id}`}>
          Hide
        </button>
      </>
    ) : (
      <button type="button" onClick={() => setShown(id)} aria-label={`Show the value of ${id}`}>
        Show value
      </button>
    );
  return (
    <div className="aws-console__panel">
      {secrets && (
        <DataTable<Secret>
          caption="Secrets"
          rows={secrets.listSecretViews()}
          rowKey={(secret) => secret.arn}
          empty="No secrets yet. Create one with CreateSecret from a handler."
          columns={[
            { header: 'Name', rowHeader: true, cell: (secret) => secret.name },
            { header: 'Last changed', cell: (secret) => formatTime(secret.lastChangedDate) },
            {
              header: 'Value',
              cell: (secret) =>
                secret.deletedDate !== undefined
                  ? `Scheduled for deletion on ${formatTime(secret.deletionDate)}`
                  : reveal(`secret ${secret.name}`, () => {
                      const value = secrets.currentValue(secret.arn);
                      return typeof value === 'string' ? value : `Binary (${value?.byteLength ?? 0} bytes)`;
                    }),
            },
          ]}
        />
      )}
      {ssm && (
        <DataTable<Parameter>
          caption="Parameters"
          rows={ssm.listParameterViews()}
          rowKey={(parameter) => parameter.name}
          empty="No parameters yet. Create one with PutParameter from a handler."
          columns={[
            { header: 'Name', rowHeader: true, cell: (parameter) => parameter.name },
            {
              header: 'Type',
              cell: (parameter) => parameter.versions[parameter.versions.length - 1]?.type ?? '',
            },
            {
              header: 'Version',
              cell: (parameter) => parameter.versions[parameter.versions.length - 1]?.version ?? '',
            },
            {
              header: 'Value',
              cell: (parameter) => {
                const latest = parameter.versions[parameter.versions.length - 1];
                if (latest?.type !== 'SecureString')
                  return <code className="aws-console__code">{latest?.value}</code>;
                return reveal(`parameter ${parameter.name}`, () => ssm.currentValue(parameter.name) ?? '');
              },
            },
          ]}
        />
      )}
    </div>
  );
}
