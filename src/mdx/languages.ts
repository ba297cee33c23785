/** Tab and header labels for fenced code languages: each tab is named after its fence's language. */
const LABELS: Record<string, string> = {
  python: 'Python',
  py: 'Python',
  javascript: 'Node.js',
  js: 'Node.js',
  mjs: 'Node.js',
  typescript: 'TypeScript',
  ts: 'TypeScript',
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
  dockerfile: 'Dockerfile',
  docker: 'Dockerfile',
};

export function languageLabel(lang: string | undefined): string {
  if (!lang) return 'Code';
  return LABELS[lang.toLowerCase()] ?? lang.charAt(0).toUpperCase() + lang.slice(1);
}

/**
 * Labels for a set of tabs. Two variants in the same language (say two Python files) are told apart
 * by their file name, or by their position when they have none.
 */
export function tabLabels(blocks: { lang?: string; title?: string }[]): string[] {
  const base = blocks.map((b) => languageLabel(b.lang));
  return base.map((label, i) => {
    const duplicate = base.filter((l) => l === label).length > 1;
    if (!duplicate) return label;
    const title = blocks[i]!.title;
    return title
      ? `${label} (${title})`
      : `${label} ${base.slice(0, i + 1).filter((l) => l === label).length}`;
  });
}

/**
 * When a tab set lacks the learner's language, the closest one: a TypeScript reader gets the Node.js
 * variant and the other way round, since both run on the same runtime.
 */
const NEAREST: Record<string, string> = { TypeScript: 'Node.js', 'Node.js': 'TypeScript' };

/**
 * Which tab to show for a preferred language: an exact match first, then its nearest relative,
 * otherwise the first tab. `languages` are the tabs' base labels (languageLabel), in order.
 */
export function preferredTabIndex(languages: readonly string[], preferred: string | null): number {
  if (!preferred) return 0;
  const exact = languages.indexOf(preferred);
  if (exact >= 0) return exact;
  const nearest = NEAREST[preferred];
  const relative = nearest ? languages.indexOf(nearest) : -1;
  return relative >= 0 ? relative : 0;
}
