/** Share links: code, runtime, event and configuration, lz-string compressed into `#/playground?s=…`. */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { sharedStateSchema, type SharedState } from './playground.store';

export function encodeShare(state: SharedState): string {
  return compressToEncodedURIComponent(JSON.stringify(state));
}

export function decodeShare(s: string): { ok: true; state: SharedState } | { ok: false; error: string } {
  const text = decompressFromEncodedURIComponent(s);
  if (!text) return { ok: false, error: 'This share link is damaged (it could not be decompressed).' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: 'This share link is damaged (its content is not JSON).' };
  }
  const parsed = sharedStateSchema.safeParse(raw);
  if (!parsed.success)
    return { ok: false, error: 'This share link was made by a different version of the playground.' };
  return { ok: true, state: parsed.data };
}

/** Absolute link to the playground with the state, for the current page's location (any sub-path). */
export function shareUrl(
  state: SharedState,
  location: Pick<Location, 'origin' | 'pathname' | 'search'>,
): string {
  return `${location.origin}${location.pathname}${location.search}#/playground?s=${encodeShare(state)}`;
}
