/**
 * What an import would change, per kind of saved data, before anything is written: the learner sees
 * "now", "in the file", "after Merge" and "after Replace" for lessons completed, quiz answers, checklist
 * ticks, playground code, settings… and then chooses.
 *
 * Each known store is described by a few aspects (pure functions of its saved state); a store this file
 * does not know (a new feature's) still gets one generic row, so nothing is ever imported unseen.
 */
import { readEnvelope, STORAGE_PREFIX } from '../../platform/persist';
import type { KeyValueStorage } from '../../platform/storage';
import type { ImportPlan } from './transfer';

type Plan = Extract<ImportPlan, { ok: true }>;

interface Reading {
  /** What the learner reads in the table cell. */
  text: string;
  /** What "changed" compares (for code: the code itself, not its line count). */
  identity: string;
}

interface Aspect {
  label: string;
  read(state: unknown): Reading;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const field = (state: unknown, key: string): unknown => (isObject(state) ? state[key] : undefined);
const keysOf = (v: unknown): string[] => (isObject(v) ? Object.keys(v) : []);

function count(n: number, one: string, many: string): Reading {
  const text = `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
  return { text, identity: text };
}

/** A set of keys: the count is shown, the keys themselves decide whether anything changed. */
function keySet(keys: string[], one: string, many: string): Reading {
  return { text: count(keys.length, one, many).text, identity: [...keys].sort().join('\n') };
}

function lines(code: unknown): Reading {
  if (typeof code !== 'string' || code === '') return { text: 'none', identity: '' };
  const n = code.split('\n').filter((line, i, all) => i < all.length - 1 || line !== '').length;
  return { text: count(n, 'line', 'lines').text, identity: code };
}

function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}

const ASPECTS: Record<string, Aspect[]> = {
  progress: [
    {
      label: 'Lessons completed',
      read: (s) => keySet(keysOf(field(s, 'completed')), 'lesson', 'lessons'),
    },
    {
      label: 'Lessons visited',
      read: (s) => keySet(keysOf(field(s, 'visited')), 'lesson', 'lessons'),
    },
  ],
  quiz: [
    {
      label: 'Quiz answers',
      read: (s) => {
        const quizzes = field(s, 'quizzes');
        const answers = keysOf(quizzes).flatMap((id) =>
          keysOf(field(field(quizzes, id), 'questions')).map((question) => `${id}/${question}`),
        );
        // The count is what is shown; a changed answer or score counts as a change too.
        return { text: keySet(answers, 'answer', 'answers').text, identity: json(quizzes) };
      },
    },
  ],
  checklist: [
    {
      label: 'Checklist items ticked',
      read: (s) => {
        const lists = field(s, 'lists');
        const ticked = keysOf(lists).flatMap((id) => {
          const items = field(field(lists, id), 'ticked');
          return Array.isArray(items) ? items.map((item) => `${id}/${String(item)}`) : [];
        });
        return keySet(ticked, 'item', 'items');
      },
    },
  ],
  playground: [
    { label: 'Playground code', read: (s) => lines(field(s, 'code')) },
    {
      label: 'Playground event and configuration',
      read: (s) => {
        const identity = json([field(s, 'event'), field(s, 'config'), field(s, 'language')]);
        return { text: isObject(s) ? 'saved' : 'none', identity };
      },
    },
  ],
  'playground-workspaces': [
    {
      label: 'Other playground workspaces',
      read: (s) => {
        const list = field(s, 'others');
        const names = Array.isArray(list) ? list.map((w) => String(field(w, 'name'))) : [];
        return { text: names.length ? names.join(', ') : 'none', identity: json(list) };
      },
    },
  ],
  settings: [
    {
      label: 'Settings',
      read: (s) => {
        const text = isObject(s)
          ? `theme ${String(s.theme)}, motion ${String(s.reducedMotion)}, editor ${String(s.editorMode)}`
          : 'none';
        return { text, identity: json(s) };
      },
    },
  ],
};

function genericAspect(name: string): Aspect {
  return {
    label: `Saved data “${name}”`,
    read: (s) => ({ text: s === null || s === undefined ? 'none' : 'saved', identity: json(s) }),
  };
}

export interface PreviewRow {
  store: string;
  label: string;
  now: string;
  file: string;
  afterMerge: string;
  afterReplace: string;
  /** Whether Merge / Replace would change what this row describes. */
  mergeChanges: boolean;
  replaceChanges: boolean;
}

export interface ImportPreview {
  rows: PreviewRow[];
  /** Nothing in the file differs from what is saved: Merge and Replace would both change nothing. */
  identical: boolean;
  /** Stores that merge by folding both together (the others keep yours on Merge when you have any). */
  combined: string[];
}

/** What Merge would keep for a store whose code is not loaded: what is saved here, if anything. */
function savedHere(backend: KeyValueStorage, name: string): unknown {
  return readEnvelope(backend.getItem(STORAGE_PREFIX + name))?.state ?? null;
}

/** Pure with respect to the stores: reads their current state, changes nothing. */
export function previewImport(plan: Plan, backend: KeyValueStorage): ImportPreview {
  const rows: PreviewRow[] = [];
  const combined: string[] = [];
  for (const entry of plan.entries) {
    const now = entry.store ? entry.store.snapshot() : savedHere(backend, entry.name);
    const merged = entry.store ? entry.store.mergeWith(entry.state) : (now ?? entry.state);
    if (entry.store?.mergeKind === 'combine') combined.push(entry.name);
    for (const aspect of ASPECTS[entry.name] ?? [genericAspect(entry.name)]) {
      const [n, f, m] = [aspect.read(now), aspect.read(entry.state), aspect.read(merged)];
      rows.push({
        store: entry.name,
        label: aspect.label,
        now: n.text,
        file: f.text,
        afterMerge: m.text,
        afterReplace: f.text,
        mergeChanges: m.identity !== n.identity,
        replaceChanges: f.identity !== n.identity,
      });
    }
  }
  return { rows, identical: rows.every((r) => !r.replaceChanges && !r.mergeChanges), combined };
}
