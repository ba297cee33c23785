/**
 * The factors behind a long cold start, each with the lever that shortens it. Rendered as
 * stacked HTML cards so it reflows at any width; ratings are qualitative (no AWS timings exist).
 */
interface Factor {
  name: string;
  effect: string;
  lever: string;
  rating: 'High' | 'Medium' | 'Unproven' | 'Low today' | 'Removes it';
}

const FACTORS: Factor[] = [
  {
    name: 'Package size',
    effect: 'More bytes to fetch, unpack and load before your code runs.',
    lever: 'Bundle, tree-shake, drop unused dependencies.',
    rating: 'High',
  },
  {
    name: 'Init code',
    effect: 'Everything at module level runs before the first event.',
    lever: 'Create only what every request needs; defer the rest.',
    rating: 'High',
  },
  {
    name: 'Runtime',
    effect: 'Heavier runtimes (JVM, .NET) start and JIT more work.',
    lever: 'Pick a light runtime, or SnapStart where offered.',
    rating: 'Medium',
  },
  {
    name: 'Memory',
    // AWS documents CPU in proportion to memory, not a shorter init (configuration-memory): not a rated factor.
    effect: 'CPU share grows with memory; AWS does not document its effect on init.',
    lever: 'Measure Init Duration at two sizes before paying for more.',
    rating: 'Unproven',
  },
  {
    name: 'VPC',
    effect: 'Network interfaces are now set up when you configure the function.',
    lever: 'Attach a VPC when you need private resources; cost is small now.',
    rating: 'Low today',
  },
  {
    name: 'Provisioned concurrency',
    effect: 'Environments are initialised before traffic arrives.',
    lever: 'Pay to keep N environments ready for latency-critical paths.',
    rating: 'Removes it',
  },
];

function ratingColour(rating: Factor['rating']): string {
  if (rating === 'High') return 'var(--diagram-aws)';
  if (rating === 'Removes it') return 'var(--diagram-accent)';
  return 'var(--diagram-border)';
}

export default function ColdStartFactorsDiagram() {
  return (
    <div
      role="img"
      aria-label="Cold start factors and how to reduce each one"
      style={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 15rem), 1fr))',
        gap: '0.6rem',
        padding: '0.6rem',
        background: 'var(--diagram-bg)',
        color: 'var(--diagram-fg)',
        borderRadius: 10,
        fontSize: '0.9rem',
        lineHeight: 1.4,
      }}
    >
      {FACTORS.map((f) => (
        <div
          key={f.name}
          style={{
            border: '2px solid var(--diagram-border)',
            borderLeft: `6px solid ${ratingColour(f.rating)}`,
            borderRadius: 8,
            padding: '0.5rem 0.7rem',
          }}
        >
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: '0.5rem', fontWeight: 600 }}>
            <span>{f.name}</span>
            <span style={{ color: 'var(--diagram-muted)', fontWeight: 500 }}>{f.rating}</span>
          </div>
          <div style={{ marginTop: 4 }}>{f.effect}</div>
          <div style={{ marginTop: 4, color: 'var(--diagram-muted)' }}>Lever: {f.lever}</div>
        </div>
      ))}
    </div>
  );
}
