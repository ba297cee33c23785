import { HashRouter, Routes, Route } from 'react-router';
import { outline, lessons } from 'virtual:course';

export function App() {
  return (
    <HashRouter>
      <Routes>
        <Route
          path="/"
          element={
            <main>
              <h1>{outline.title}</h1>
              <ul>
                {lessons.map((l) => (
                  <li key={l.slug}>{l.title}</li>
                ))}
              </ul>
            </main>
          }
        />
      </Routes>
    </HashRouter>
  );
}
