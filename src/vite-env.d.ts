/// <reference types="vite/client" />

declare module 'virtual:course' {
  // import() types: relative `import type` inside an ambient module silently resolves to nothing.
  type Outline = import('./course/outlineSchema').Outline;
  type LessonFrontmatter = import('./course/lessonSchema').LessonFrontmatter;
  export interface CourseHeading {
    depth: 2 | 3;
    text: string;
    id: string;
  }
  export interface CourseLesson extends LessonFrontmatter {
    headings: CourseHeading[];
  }
  export const outline: Outline;
  export const lessons: CourseLesson[];
}

declare module 'virtual:course/summary' {
  type Outline = import('./course/outlineSchema').Outline;
  type LessonFrontmatter = import('./course/lessonSchema').LessonFrontmatter;
  /** What the sidebar, home page and lesson header need; the rest is in `virtual:course`. */
  export type CourseLessonSummary = Pick<
    LessonFrontmatter,
    'slug' | 'title' | 'section' | 'order' | 'minutes' | 'description'
  >;
  export const outline: Outline;
  export const lessons: CourseLessonSummary[];
}

declare module '*.mdx' {
  import type { ComponentType } from 'react';
  type LessonFrontmatter = import('./course/lessonSchema').LessonFrontmatter;
  export const frontmatter: LessonFrontmatter;
  const MDXContent: ComponentType<{ components?: Record<string, unknown> }>;
  export default MDXContent;
}
