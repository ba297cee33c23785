/**
 * Saved data is namespaced per course copy (src/platform/namespace.ts): a logical key `coldstart:<name>`
 * is kept in localStorage as `coldstart@<directory the course is served from>:<name>`.
 */
import type { Page } from '@playwright/test';

/** The namespace of the course copy at `url` (lower-cased directory, as normaliseBasePath spells it). */
export function namespaceOf(url: string): string {
  return `coldstart@${new URL(url).pathname.replace(/[^/]*$/, '').toLowerCase()}`;
}

/** The physical key of `coldstart:<name>` for the course copy the page shows. */
export function courseKey(page: Page, name: string): string {
  return `${namespaceOf(page.url())}:${name}`;
}
