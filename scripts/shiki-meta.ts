import type { ShikiTransformer } from 'shiki';

/**
 * Copies the fence's language and `title="..."` meta onto the <pre>, so <CodeTabs> can label
 * tabs ("Python", "Node.js") and code blocks can show a file name.
 */
export function shikiMetaTransformer(): ShikiTransformer {
  return {
    name: 'coldstart-meta',
    pre(node) {
      node.properties['data-language'] = this.options.lang;
      const raw = (this.options.meta as { __raw?: string } | undefined)?.__raw ?? '';
      const title = /title="([^"]+)"/.exec(raw)?.[1];
      if (title) node.properties['data-title'] = title;
      node.properties['tabindex'] = '0';
    },
  };
}
