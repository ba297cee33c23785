import { z } from 'zod';

/** Frontmatter every lesson in content/lessons/*.mdx must carry. */
export const sourceSchema = z.object({
  title: z.string().min(1),
  url: z.string().url(),
});

export const lessonFrontmatterSchema = z
  .object({
    title: z.string().min(1),
    slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'slug must be kebab-case (a-z, 0-9, -)'),
    section: z.string().min(1),
    order: z.number().int().nonnegative(),
    minutes: z.number().int().positive().max(240),
    description: z.string().min(1),
    objectives: z.array(z.string().min(1)).min(1),
    sources: z.array(sourceSchema).min(1),
  })
  .strict();

export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>;
export type Source = z.infer<typeof sourceSchema>;

/** Returns a message naming the file and every bad field, or null when the frontmatter is valid. */
export function describeFrontmatterErrors(file: string, data: unknown): string | null {
  const result = lessonFrontmatterSchema.safeParse(data);
  if (result.success) return null;
  const lines = result.error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.join('.') : '(frontmatter)';
    return `  - field "${field}": ${issue.message}`;
  });
  return `Invalid lesson frontmatter in ${file}:\n${lines.join('\n')}`;
}
