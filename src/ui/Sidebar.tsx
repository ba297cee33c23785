import { NavLink } from '../app/router';
import { courseSections } from '../course/course';
import { useProgressStore } from '../features/progress/progress.store';
import { CheckIcon } from './icons';

interface SidebarProps {
  id: string;
  open: boolean;
  onNavigate: () => void;
}

/** Sections and lessons in outline order, with completion marks. Below 900px it is the "Menu" panel. */
export function Sidebar({ id, open, onNavigate }: SidebarProps) {
  const completed = useProgressStore((s) => s.completed);
  const visited = useProgressStore((s) => s.visited);
  return (
    <nav id={id} className="sidebar" aria-label="Course" data-open={open}>
      <div className="sidebar-extra">
        <h2 id={`${id}-site`}>Site</h2>
        <ul aria-labelledby={`${id}-site`}>
          <li>
            <NavLink to="/" end onClick={onNavigate}>
              Home
            </NavLink>
          </li>
          <li>
            <NavLink to="/labs" onClick={onNavigate}>
              Labs
            </NavLink>
          </li>
          <li>
            <NavLink to="/playground" onClick={onNavigate}>
              Playground
            </NavLink>
          </li>
          <li>
            <NavLink to="/glossary" onClick={onNavigate}>
              Glossary
            </NavLink>
          </li>
          <li>
            <NavLink to="/progress" onClick={onNavigate}>
              Progress
            </NavLink>
          </li>
        </ul>
      </div>
      {courseSections.map((section) => (
        <div key={section.id}>
          <h2 id={`${id}-${section.id}`}>{section.title}</h2>
          <ol aria-labelledby={`${id}-${section.id}`}>
            {section.lessons.map((lesson) => {
              const done = Boolean(completed[lesson.slug]);
              const seen = Boolean(visited[lesson.slug]);
              return (
                <li key={lesson.slug}>
                  <NavLink to={`/lessons/${lesson.slug}`} onClick={onNavigate}>
                    <span className={`mark${done ? ' done' : seen ? ' visited' : ''}`} aria-hidden="true">
                      {done ? <CheckIcon /> : null}
                    </span>
                    <span>
                      {lesson.title}
                      {done ? <span className="visually-hidden"> (completed)</span> : null}
                    </span>
                  </NavLink>
                </li>
              );
            })}
          </ol>
        </div>
      ))}
    </nav>
  );
}
