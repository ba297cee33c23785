// PLACEHOLDER owned by the checklist feature: replace with the real component (default export).
export default function Checklist(_props: Record<string, unknown>) {
  return null;
}
