/**
 * The solution as a diff against the learner's files, file by file: `-` lines are theirs, `+` lines the
 * solution's (the prefixes carry the meaning for screen readers and in high contrast; colour only repeats it).
 */
import { diffLines } from 'diff';
import type { FileMap } from './lab.store';

export interface FileDiff {
  path: string;
  kind: 'changed' | 'added' | 'removed';
  lines: Array<{ sign: '+' | '-' | ' '; text: string }>;
}

export function diffFiles(mine: FileMap, solution: FileMap): FileDiff[] {
  const paths = [...new Set([...Object.keys(mine), ...Object.keys(solution)])].sort();
  const out: FileDiff[] = [];
  for (const path of paths) {
    const a = mine[path];
    const b = solution[path];
    if (a === b) continue;
    const lines: FileDiff['lines'] = [];
    for (const part of diffLines(a ?? '', b ?? '')) {
      const sign = part.added ? '+' : part.removed ? '-' : ' ';
      const text = part.value.endsWith('\n') ? part.value.slice(0, -1) : part.value;
      for (const line of text.split('\n')) lines.push({ sign, text: line });
    }
    out.push({ path, kind: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed', lines });
  }
  return out;
}

export function SolutionDiff({ mine, solution }: { mine: FileMap; solution: FileMap }) {
  const diffs = diffFiles(mine, solution);
  if (diffs.length === 0) return <p>Your files are the same as the solution.</p>;
  return (
    <div className="lab-diff">
      {diffs.map((d) => (
        <figure key={d.path} className="lab-diff__file">
          <figcaption>
            <code>{d.path}</code>{' '}
            <span className="lab-muted">
              (
              {d.kind === 'added'
                ? 'new in the solution'
                : d.kind === 'removed'
                  ? 'not in the solution'
                  : 'changed'}
              )
            </span>
          </figcaption>
          <pre tabIndex={0} aria-label={`Diff of ${d.path}`}>
            {d.lines.map((l, i) => (
              <span
                key={i}
                className={`lab-diff__line lab-diff__line--${l.sign === '+' ? 'add' : l.sign === '-' ? 'del' : 'same'}`}
              >
                {l.sign} {l.text}
                {'\n'}
              </span>
            ))}
          </pre>
        </figure>
      ))}
    </div>
  );
}
