// PLACEHOLDER owned by the pool feature: replace with the real component (default export).
export default function PoolBench(_props: Record<string, unknown>) {
  return null;
}
