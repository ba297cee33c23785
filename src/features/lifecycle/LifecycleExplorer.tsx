// PLACEHOLDER owned by the lifecycle feature: replace with the real component (default export).
export default function LifecycleExplorer(_props: Record<string, unknown>) {
  return null;
}
