import type { PoolPalette } from './poolRenderer';

export interface Palette extends PoolPalette {
  surface: string;
  border: string;
  muted: string;
  accent: string;
  warn: string;
  danger: string;
  ok: string;
}

// Fallbacks only matter before the shell's tokens load; they meet AA on white.
const FALLBACK: Record<string, string> = {
  '--bg': '#ffffff',
  '--fg': '#1b1f24',
  '--surface': '#f6f8fa',
  '--border': '#8c959f',
  '--muted': '#57606a',
  '--accent': '#0969da',
  '--warn': '#9a6700',
  '--danger': '#cf222e',
  '--ok': '#1a7f37',
  '--diagram-code': '#6639ba',
};

/** Reads the theme's CSS custom properties from the element, so canvases follow light and dark themes. */
export function readPalette(el: Element): Palette {
  const cs = getComputedStyle(el);
  const v = (name: string) => cs.getPropertyValue(name).trim() || FALLBACK[name]!;
  const accent = v('--accent');
  const border = v('--border');
  return {
    bg: v('--bg'),
    fg: v('--fg'),
    surface: v('--surface'),
    border,
    muted: v('--muted'),
    accent,
    warn: v('--warn'),
    danger: v('--danger'),
    ok: v('--ok'),
    empty: border,
    init: v('--warn'),
    busy: accent,
    idle: v('--ok'),
    provisioned: v('--diagram-code'),
    reclaimed: v('--muted'),
    throttle: v('--danger'),
  };
}
