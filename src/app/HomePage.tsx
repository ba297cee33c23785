import { Link } from './router';
import { courseSections, lessons, outline, pageTitle } from '../course/course';
import { completedCount, remainingMinutes, resumeLesson, totalMinutes } from '../course/navigation';
import { useProgressStore } from '../features/progress/progress.store';
import { CheckIcon } from '../ui/icons';
import { formatMinutes } from './format';
import { useDocumentTitle } from './useDocumentTitle';

export function HomePage() {
  useDocumentTitle(pageTitle(outline.title));
  const completed = useProgressStore((s) => s.completed);
  const lastLesson = useProgressStore((s) => s.lastLesson);
  const total = totalMinutes(lessons);
  const remaining = remainingMinutes(lessons, completed);
  const done = completedCount(lessons, completed);
  const percent = lessons.length ? Math.round((done / lessons.length) * 100) : 0;
  const resume = resumeLesson(lessons, lastLesson, completed);
  const first = lessons[0];

  return (
    <div className="page home">
      <h1>{outline.title}</h1>
      <p className="lead">{outline.description}</p>

      <section className="home-progress" aria-labelledby="home-progress-title">
        <h2 id="home-progress-title" className="visually-hidden">
          Your progress
        </h2>
        <p>
          <strong>
            {done} of {lessons.length} lessons complete
          </strong>
          {' · '}
          {remaining === 0 ? 'nothing left — well done' : `about ${formatMinutes(remaining)} left`} of{' '}
          {formatMinutes(total)} in total
        </p>
        <div
          className="progress-bar"
          role="progressbar"
          aria-label="Course progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${percent}% complete`}
        >
          <span style={{ width: `${percent}%` }} />
        </div>
        {resume ? (
          <Link className="button" to={`/lessons/${resume.slug}`}>
            Continue where you left off: {resume.title}
          </Link>
        ) : first ? (
          <Link className="button" to={`/lessons/${first.slug}`}>
            Start the course
          </Link>
        ) : null}
      </section>

      <ol className="section-list">
        {courseSections.map((section) => (
          <li key={section.id}>
            <h2>{section.title}</h2>
            <ol className="lesson-cards">
              {section.lessons.map((lesson) => {
                const isDone = Boolean(completed[lesson.slug]);
                return (
                  <li key={lesson.slug}>
                    <Link className="lesson-card" to={`/lessons/${lesson.slug}`}>
                      <span className={`mark${isDone ? ' done' : ''}`} aria-hidden="true">
                        {isDone ? <CheckIcon /> : null}
                      </span>
                      <span>
                        <span className="lesson-card-title">{lesson.title}</span>
                        {isDone ? <span className="visually-hidden"> (completed)</span> : null}
                        <span className="lesson-card-desc">
                          {lesson.description} <span aria-hidden="true">·</span>{' '}
                          {formatMinutes(lesson.minutes)}
                        </span>
                      </span>
                    </Link>
                  </li>
                );
              })}
            </ol>
          </li>
        ))}
      </ol>
    </div>
  );
}
