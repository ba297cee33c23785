/** The `groups` prop of <Checklist>, and a validator shared by the component and content checks. */

export interface ChecklistItem {
  id: string;
  text: string;
}

export interface ChecklistGroup {
  title: string;
  items: ChecklistItem[];
}

function isText(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}

/** Every problem with its path, e.g. "groups[1].items[0].id: duplicate item id 'timeouts'". */
export function validateChecklist(id: unknown, groups: unknown): string[] {
  const problems: string[] = [];
  if (!isText(id)) problems.push('id: required non-empty string');
  if (!Array.isArray(groups) || groups.length === 0) {
    problems.push('groups: required non-empty array of { title, items }');
    return problems;
  }
  const seen = new Set<string>();
  groups.forEach((g, i) => {
    const at = `groups[${i}]`;
    if (typeof g !== 'object' || g === null) {
      problems.push(`${at}: must be an object { title, items }`);
      return;
    }
    const group = g as Record<string, unknown>;
    if (!isText(group.title)) problems.push(`${at}.title: required non-empty string`);
    if (!Array.isArray(group.items) || group.items.length === 0) {
      problems.push(`${at}.items: required non-empty array of { id, text }`);
      return;
    }
    group.items.forEach((it, j) => {
      const item = (typeof it === 'object' && it !== null ? it : {}) as Record<string, unknown>;
      if (!isText(item.id)) problems.push(`${at}.items[${j}].id: required non-empty string`);
      else if (seen.has(item.id)) problems.push(`${at}.items[${j}].id: duplicate item id '${item.id}'`);
      else seen.add(item.id);
      if (!isText(item.text)) problems.push(`${at}.items[${j}].text: required non-empty string`);
    });
  });
  return problems;
}
