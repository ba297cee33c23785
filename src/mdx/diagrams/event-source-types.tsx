/**
 * The three invocation models side by side (stacked on narrow screens): who calls Lambda, whether
 * anyone waits, and who retries a failure. HTML/CSS so each card reflows at 360 px.
 */
interface Model {
  name: string;
  flow: string[];
  services: string;
  retries: string;
  colour: string;
}

const MODELS: Model[] = [
  {
    name: 'Synchronous',
    flow: ['Caller', 'Lambda', 'Response to caller'],
    services: 'API Gateway, ALB, Function URLs, Cognito, Lambda@Edge, SDK Invoke',
    retries: 'Lambda never retries; the caller decides.',
    colour: 'var(--diagram-accent)',
  },
  {
    name: 'Asynchronous',
    flow: ['Source', 'Lambda queue (202)', 'Function'],
    services: 'S3, SNS, EventBridge, SES, CloudWatch Logs, CloudFormation',
    retries: 'Lambda retries errors twice, then a destination or DLQ.',
    colour: 'var(--diagram-aws)',
  },
  {
    name: 'Poll-based (event source mapping)',
    flow: ['Queue or stream', 'Lambda poller', 'Function with a batch'],
    services: 'SQS, Kinesis, DynamoDB Streams, Amazon MQ, Kafka (MSK or self-managed), DocumentDB',
    retries: 'Failed batches return to the queue or block the shard until handled.',
    colour: 'var(--diagram-code)',
  },
];

function Flow({ steps, colour }: { steps: string[]; colour: string }) {
  return (
    <ol
      style={{
        listStyle: 'none',
        margin: '0.4rem 0',
        padding: 0,
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        gap: '0.3rem',
      }}
    >
      {steps.map((step, i) => (
        <li key={step} style={{ display: 'flex', alignItems: 'center', gap: '0.3rem' }}>
          <span style={{ border: `2px solid ${colour}`, borderRadius: 6, padding: '0.1rem 0.45rem' }}>
            {step}
          </span>
          {i < steps.length - 1 ? <span aria-hidden="true">→</span> : null}
        </li>
      ))}
    </ol>
  );
}

export default function EventSourceTypesDiagram() {
  return (
    <div
      role="img"
      aria-label="Synchronous, asynchronous and poll-based invocation compared"
      style={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 14rem), 1fr))',
        gap: '0.7rem',
        padding: '0.7rem',
        background: 'var(--diagram-bg)',
        color: 'var(--diagram-fg)',
        borderRadius: 10,
        fontSize: '0.88rem',
        lineHeight: 1.45,
      }}
    >
      {MODELS.map((m) => (
        <div
          key={m.name}
          style={{
            border: '2px solid var(--diagram-border)',
            borderTop: `6px solid ${m.colour}`,
            borderRadius: 8,
            padding: '0.55rem 0.7rem',
          }}
        >
          <div style={{ fontWeight: 700 }}>{m.name}</div>
          <Flow steps={m.flow} colour={m.colour} />
          <div>
            <span style={{ fontWeight: 600 }}>Sources: </span>
            {m.services}
          </div>
          <div style={{ marginTop: '0.3rem', color: 'var(--diagram-muted)' }}>{m.retries}</div>
        </div>
      ))}
    </div>
  );
}
