import { z } from 'zod';

/**
 * content/glossary.json: the Lambda terms the glossary page lists and search finds. Validated at build time
 * (scripts/content-plugin.ts) and by `npm run content:check`, which also resolves every `lesson` link and
 * every `see` reference. Text fields are plain text; `backticks` become code.
 */
export const glossaryTermSchema = z
  .object({
    /** The anchor: `#/glossary#<id>`; lessons link to `/glossary#<id>`. */
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id must be kebab-case (a-z, 0-9, -)'),
    term: z.string().min(1),
    /** Other names search should find the term by (plurals, abbreviations). */
    aliases: z.array(z.string().min(1)).optional(),
    definition: z.string().min(20),
    /** Where the course explains it: `/lessons/<slug>` or `/lessons/<slug>#<heading-id>`. */
    lesson: z
      .string()
      .regex(/^\/lessons\/[a-z0-9-]+(?:#[\w-]+)?$/, 'lesson must be /lessons/<slug>(#<heading-id>)'),
    /** Related term ids. */
    see: z.array(z.string().min(1)).optional(),
    source: z.object({ title: z.string().min(1), url: z.string().url() }).strict(),
  })
  .strict();

export const glossarySchema = z
  .object({
    terms: z.array(glossaryTermSchema).min(1),
  })
  .strict()
  .superRefine((glossary, context) => {
    const ids = new Set<string>();
    glossary.terms.forEach((term, index) => {
      if (ids.has(term.id))
        context.addIssue({
          code: 'custom',
          path: ['terms', index, 'id'],
          message: `"${term.id}" is used twice`,
        });
      ids.add(term.id);
    });
    glossary.terms.forEach((term, index) => {
      (term.see ?? []).forEach((other, seeIndex) => {
        if (!ids.has(other))
          context.addIssue({
            code: 'custom',
            path: ['terms', index, 'see', seeIndex],
            message: `"${other}" is not a term id`,
          });
      });
    });
  });

export type GlossaryTerm = z.infer<typeof glossaryTermSchema>;
export type Glossary = z.infer<typeof glossarySchema>;

/** Every problem as `content/glossary.json: field "terms.3.lesson": message`, or [] when valid. */
export function describeGlossaryErrors(data: unknown): string[] {
  const result = glossarySchema.safeParse(data);
  if (result.success) return [];
  return result.error.issues.map(
    (issue) => `content/glossary.json: field "${issue.path.join('.') || '(root)'}": ${issue.message}`,
  );
}
