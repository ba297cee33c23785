/**
 * Who owns what with Lambda: AWS runs the fleet, the operating system, the managed runtime and
 * scaling; you still own code, configuration, permissions and data. Two HTML columns that stack
 * on narrow screens.
 */
const AWS_OWNS = [
  'Servers, capacity and placement across Availability Zones',
  'Operating system and managed runtime patches',
  'Creating, reusing and retiring execution environments',
  'Scaling with traffic, down to zero',
  'Routing events from other AWS services',
];

const YOU_OWN = [
  'Your handler code and its dependencies',
  'Memory, timeout and concurrency settings',
  'The IAM role: what the function may call',
  'Validating input and handling retries safely',
  'Your data, secrets and logs',
];

function Column({ title, items, colour }: { title: string; items: string[]; colour: string }) {
  return (
    <div style={{ border: `2px solid ${colour}`, borderRadius: 8, padding: '0.6rem 0.8rem' }}>
      <div style={{ fontWeight: 700, marginBottom: '0.35rem' }}>{title}</div>
      <ul style={{ margin: 0, paddingLeft: '1.1rem' }}>
        {items.map((item) => (
          <li key={item} style={{ margin: '0.15rem 0' }}>
            {item}
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function LambdaResponsibilitiesDiagram() {
  return (
    <div
      role="img"
      aria-label="What AWS manages for a Lambda function and what you still own"
      style={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 15rem), 1fr))',
        gap: '0.75rem',
        padding: '0.75rem',
        background: 'var(--diagram-bg)',
        color: 'var(--diagram-fg)',
        borderRadius: 10,
        fontSize: '0.9rem',
        lineHeight: 1.45,
      }}
    >
      <Column title="AWS manages" items={AWS_OWNS} colour="var(--diagram-aws)" />
      <Column title="You still own" items={YOU_OWN} colour="var(--diagram-code)" />
    </div>
  );
}
