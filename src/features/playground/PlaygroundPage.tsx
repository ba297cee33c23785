// PLACEHOLDER owned by the playground feature: replace with the real component (default export).
export default function PlaygroundPage(_props: Record<string, unknown>) {
  return null;
}
