/// <reference types="vite/client" />

declare module 'virtual:course' {
  import type { Outline } from './course/outlineSchema';
  import type { LessonFrontmatter } from './course/lessonSchema';
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

declare module '*.mdx' {
  import type { ComponentType } from 'react';
  import type { LessonFrontmatter } from './course/lessonSchema';
  export const frontmatter: LessonFrontmatter;
  const MDXContent: ComponentType<{ components?: Record<string, unknown> }>;
  export default MDXContent;
}
