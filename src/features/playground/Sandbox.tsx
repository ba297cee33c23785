// PLACEHOLDER owned by the playground feature: replace with the real component (default export).
export default function Sandbox(_props: Record<string, unknown>) {
  return null;
}
