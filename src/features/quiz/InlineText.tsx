/** Quiz text is plain, except `backticks`, which become <code> (names like /tmp or AWS_LAMBDA_…). */
export function InlineText({ text }: { text: string }) {
  const parts = text.split(/`([^`]+)`/);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}
