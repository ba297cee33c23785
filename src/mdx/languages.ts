/** Tab and header labels for fenced code languages (the contract in TEAM.md). */
const LABELS: Record<string, string> = {
  python: 'Python',
  py: 'Python',
  javascript: 'Node.js',
  js: 'Node.js',
  mjs: 'Node.js',
  typescript: 'Node.js',
  ts: 'Node.js',
  hcl: 'Terraform',
  terraform: 'Terraform',
  yaml: 'YAML',
  yml: 'YAML',
  bash: 'Shell',
  sh: 'Shell',
  shell: 'Shell',
  console: 'Shell',
  json: 'JSON',
  text: 'Text',
  txt: 'Text',
};

export function languageLabel(lang: string | undefined): string {
  if (!lang) return 'Code';
  return LABELS[lang.toLowerCase()] ?? lang.charAt(0).toUpperCase() + lang.slice(1);
}

/** Labels for a set of tabs; duplicates (say a js and a ts variant) get the file name or language added. */
export function tabLabels(blocks: { lang?: string; title?: string }[]): string[] {
  const base = blocks.map((b) => languageLabel(b.lang));
  return base.map((label, i) => {
    const dup = base.filter((l) => l === label).length > 1;
    if (!dup) return label;
    const b = blocks[i]!;
    const extra = b.title ?? (b.lang === 'typescript' || b.lang === 'ts' ? 'TypeScript' : b.lang);
    return extra ? `${label} (${extra})` : `${label} ${i + 1}`;
  });
}
