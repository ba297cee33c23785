import type { ShikiTransformer } from 'shiki';
import { parseFenceMeta } from '../src/features/runnable/fenceMeta.ts';

/**
 * Copies the fence's language and `title="..."` meta onto the <pre>, so <CodeTabs> can label
 * tabs ("Python", "Node.js") and code blocks can show a file name; a `runnable` fence's spec
 * (src/features/runnable/fenceMeta.ts) travels as `data-runnable` JSON, for the block's Run button.
 */
export function shikiMetaTransformer(): ShikiTransformer {
  return {
    name: 'coldstart-meta',
    pre(node) {
      node.properties['data-language'] = this.options.lang;
      const raw = (this.options.meta as { __raw?: string } | undefined)?.__raw ?? '';
      const meta = parseFenceMeta(raw);
      if (meta.title) node.properties['data-title'] = meta.title;
      if (meta.label) node.properties['data-label'] = meta.label;
      if (meta.runnable) node.properties['data-runnable'] = JSON.stringify(meta.runnable);
      node.properties['tabindex'] = '0';
    },
  };
}
