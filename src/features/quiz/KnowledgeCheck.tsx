// PLACEHOLDER owned by the quiz feature: replace with the real component (default export).
export default function KnowledgeCheck(_props: Record<string, unknown>) {
  return null;
}
