import { z } from 'zod';

/** content/outline.json: the one file that orders (and, by omission, hides) lessons. */
export const outlineSchema = z
  .object({
    title: z.string().min(1),
    description: z.string().min(1),
    sections: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9-]+$/),
            title: z.string().min(1),
            lessons: z.array(z.string().min(1)).min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type Outline = z.infer<typeof outlineSchema>;
