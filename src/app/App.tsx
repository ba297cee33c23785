import { lazy, Suspense, type ReactNode } from 'react';
import { HashRouter, Route, Routes } from './router';
import { Layout } from '../ui/Layout';
import { WidgetBoundary } from '../mdx/WidgetBoundary';
import { pageTitle } from '../course/course';
import { HomePage } from './HomePage';
import { LessonPage } from './LessonPage';
import { NotFoundPage } from './NotFoundPage';
import { useDocumentTitle } from './useDocumentTitle';

// Heavy pages are their own chunks: none of their code is in a lesson's first load.
const PlaygroundPage = lazy(() => import('../features/playground/PlaygroundPage'));
const ProgressPage = lazy(() => import('../features/progress/ProgressPage'));
const GlossaryPage = lazy(() => import('../features/glossary/GlossaryPage'));
const LabIndexPage = lazy(() => import('../features/lab/LabIndexPage'));
const LabPage = lazy(() => import('../features/lab/LabPage'));

/** `title` names pages that do not name themselves (the progress page sets its own). */
function LazyPage({ title, label, children }: { title?: string; label: string; children: ReactNode }) {
  useDocumentTitle(pageTitle(title ?? 'Loading'), title !== undefined);
  return (
    <WidgetBoundary label={label}>
      <Suspense fallback={<div className="page lesson-body-placeholder">Loading the {label}…</div>}>
        {children}
      </Suspense>
    </WidgetBoundary>
  );
}

export function App() {
  return (
    <HashRouter>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<HomePage />} />
          <Route path="lessons/:slug" element={<LessonPage />} />
          <Route
            path="playground"
            element={
              <LazyPage title="Playground" label="playground">
                <PlaygroundPage />
              </LazyPage>
            }
          />
          <Route
            path="labs"
            element={
              <LazyPage title="Labs" label="labs">
                <LabIndexPage />
              </LazyPage>
            }
          />
          <Route
            path="labs/:lab"
            element={
              <LazyPage label="lab">
                <LabPage />
              </LazyPage>
            }
          />
          <Route
            path="glossary"
            element={
              <LazyPage title="Glossary" label="glossary">
                <GlossaryPage />
              </LazyPage>
            }
          />
          <Route
            path="progress"
            element={
              <LazyPage label="progress page">
                <ProgressPage />
              </LazyPage>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </HashRouter>
  );
}
