import { CELL } from './cells';

export interface PoolPalette {
  bg: string;
  empty: string;
  init: string;
  busy: string;
  idle: string;
  provisioned: string;
  reclaimed: string;
  throttle: string;
  fg: string;
}

export interface PoolLayout {
  cols: number;
  cell: number;
  gap: number;
  /** CSS pixels. */
  width: number;
  height: number;
  laneTop: number;
  slots: number;
  /** Top-left corner of each slot. */
  xs: Float32Array;
  ys: Float32Array;
  /** Region captions drawn above each region's first row (only when there are several regions). */
  labels: { text: string; y: number }[];
  key: string;
}

export interface PoolRegionSpec {
  start: number;
  size: number;
  label: string;
}

export interface PoolFrame {
  states: Uint8Array;
  /** Number of slots to draw (usually the account limit, more if the pool overflowed it). */
  slots: number;
  /** Wall-clock ms at which each slot last changed state (for transitions); optional. */
  changedAt?: Float64Array;
  /** Requests refused in the last simulated second, drawn in the throttle lane under the grid. */
  throttled: number;
}

const LABEL_H = 16;

function buildLayout(
  slots: number,
  width: number,
  regions: readonly PoolRegionSpec[],
  cell: number,
): PoolLayout {
  const gap = cell >= 8 ? 2 : 1;
  const step = cell + gap;
  const cols = Math.max(1, Math.floor((width + gap) / step));
  const xs = new Float32Array(slots);
  const ys = new Float32Array(slots);
  const labels: { text: string; y: number }[] = [];
  // Regions (this function, each reservation, the rest of the unreserved pool) each start on a new row
  // under a caption, so a reservation reads as its own block. Slots past the last region follow on.
  const parts = regions.length > 1 ? regions.filter((r) => r.size > 0 || r.start === 0) : [];
  const covered = parts.reduce((m, r) => Math.max(m, r.start + r.size), 0);
  const blocks: PoolRegionSpec[] = parts.length ? [...parts] : [];
  if (covered < slots) blocks.push({ start: covered, size: slots - covered, label: '' });
  let y = 0;
  for (const r of blocks) {
    if (r.label) {
      labels.push({ text: r.label, y });
      y += LABEL_H;
    }
    for (let i = 0; i < r.size; i++) {
      const slot = r.start + i;
      if (slot >= slots) break;
      xs[slot] = (i % cols) * step;
      ys[slot] = y + Math.floor(i / cols) * step;
    }
    y += Math.ceil(r.size / cols) * step;
  }
  const laneTop = y + cell; // one empty row between the pool and the throttle lane
  return { cols, cell, gap, width, height: laneTop + step, laneTop, slots, xs, ys, labels, key: '' };
}

/**
 * Picks the biggest square cell that fits `slots` cells (grouped by region) into `width`, keeping the
 * pool no taller than maxHeight.
 */
export function layoutPool(
  slots: number,
  width: number,
  regions: readonly PoolRegionSpec[] = [],
  maxHeight = 420,
): PoolLayout {
  const n = Math.max(1, slots);
  let layout = buildLayout(n, width, regions, 18);
  for (let cell = 17; cell >= 3 && layout.height > maxHeight; cell--)
    layout = buildLayout(n, width, regions, cell);
  return layout;
}

function colourFor(state: number, p: PoolPalette): string {
  switch (state) {
    case CELL.init:
    case CELL.provInit:
      return p.init;
    case CELL.busy:
    case CELL.provBusy:
      return p.busy;
    case CELL.idle:
      return p.idle;
    case CELL.provIdle:
      return p.provisioned;
    case CELL.reclaimed:
      return p.reclaimed;
    default:
      return p.empty;
  }
}

/**
 * Draws the pool. Cells are batched by state into one path per colour, so 1,000+ cells cost a handful
 * of fill calls. Shapes differ as well as colours (never colour alone): busy = full square, idle = square
 * with a hole, initialising = half square, provisioned = square with a corner mark, reclaimed = outline.
 * `animate` false (reduced motion) draws the same picture without pulses or transitions.
 */
export function drawPool(
  ctx: CanvasRenderingContext2D,
  layout: PoolLayout,
  frame: PoolFrame,
  palette: PoolPalette,
  nowMs: number,
  animate: boolean,
): void {
  const { cols, cell, gap, xs, ys } = layout;
  const step = cell + gap;
  ctx.fillStyle = palette.bg;
  ctx.fillRect(0, 0, layout.width, layout.height);

  const n = Math.min(frame.slots, frame.states.length, layout.slots);
  const byState: number[][] = [[], [], [], [], [], [], [], []];
  const fresh: number[] = [];
  for (let i = 0; i < layout.slots; i++) {
    const s = i < n ? frame.states[i]! : CELL.empty;
    if (animate && frame.changedAt && s !== CELL.empty && nowMs - frame.changedAt[i]! < 220) fresh.push(i);
    else byState[s]!.push(i);
  }

  // Free slots: faint outlines, so the account limit is visible as the size of the grid.
  ctx.strokeStyle = palette.empty;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const i of byState[CELL.empty]!) {
    ctx.rect(xs[i]! + 0.5, ys[i]! + 0.5, cell - 1, cell - 1);
  }
  ctx.stroke();

  const fillCells = (list: number[], colour: string, shape: 'full' | 'half' | 'hole' | 'corner') => {
    if (!list.length) return;
    ctx.fillStyle = colour;
    ctx.beginPath();
    const inset = Math.max(1, Math.floor(cell / 4));
    for (const i of list) {
      const x = xs[i]!;
      const y = ys[i]!;
      if (shape === 'half') ctx.rect(x, y + Math.floor(cell / 2), cell, Math.ceil(cell / 2));
      else ctx.rect(x, y, cell, cell);
      if (shape === 'hole' && cell >= 6) {
        // Counter-clockwise inner rect: evenodd fill leaves a hole.
        ctx.rect(x + inset, y + inset, cell - 2 * inset, cell - 2 * inset);
      }
    }
    ctx.fill(shape === 'hole' ? 'evenodd' : 'nonzero');
  };

  // Initialising cells pulse while animating (a cold start in progress).
  const pulse = animate ? 0.55 + 0.45 * Math.abs(Math.sin(nowMs / 260)) : 1;
  ctx.globalAlpha = pulse;
  fillCells(byState[CELL.init]!.concat(byState[CELL.provInit]!), palette.init, 'half');
  ctx.globalAlpha = 1;
  fillCells(byState[CELL.busy]!, palette.busy, 'full');
  fillCells(byState[CELL.provBusy]!, palette.busy, 'full');
  fillCells(byState[CELL.idle]!, palette.idle, 'hole');
  fillCells(byState[CELL.provIdle]!, palette.provisioned, 'hole');

  // Provisioned marker: a small corner triangle in the provisioned colour.
  const provCells = byState[CELL.provBusy]!.concat(byState[CELL.provInit]!);
  if (provCells.length && cell >= 5) {
    ctx.fillStyle = palette.provisioned;
    ctx.beginPath();
    const m = Math.max(2, Math.floor(cell / 2));
    for (const i of provCells) {
      const x = xs[i]!;
      const y = ys[i]!;
      ctx.moveTo(x, y);
      ctx.lineTo(x + m, y);
      ctx.lineTo(x, y + m);
      ctx.closePath();
    }
    ctx.fill();
  }

  // Reclaimed: an outline with a diagonal stroke.
  if (byState[CELL.reclaimed]!.length) {
    ctx.strokeStyle = palette.reclaimed;
    ctx.beginPath();
    for (const i of byState[CELL.reclaimed]!) {
      const x = xs[i]!;
      const y = ys[i]!;
      ctx.rect(x + 0.5, y + 0.5, cell - 1, cell - 1);
      ctx.moveTo(x + 1, y + cell - 1);
      ctx.lineTo(x + cell - 1, y + 1);
    }
    ctx.stroke();
  }

  // Cells that just changed grow into place (animation only).
  for (const i of fresh) {
    const s = frame.states[i]!;
    const k = Math.min(1, (nowMs - frame.changedAt![i]!) / 220);
    const size = Math.max(1, cell * (0.4 + 0.6 * k));
    const x = xs[i]! + (cell - size) / 2;
    const y = ys[i]! + (cell - size) / 2;
    ctx.fillStyle = colourFor(s, palette);
    ctx.globalAlpha = s === CELL.reclaimed ? 1 - 0.5 * k : 0.5 + 0.5 * k;
    ctx.fillRect(x, y, size, size);
  }
  ctx.globalAlpha = 1;

  // Region captions.
  if (layout.labels.length) {
    ctx.fillStyle = palette.fg;
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    for (const l of layout.labels) ctx.fillText(l.text, 0, l.y + 1);
  }

  // Throttle lane: one red cross per refused request (last simulated second), capped at one row.
  const shown = Math.min(frame.throttled, cols);
  if (shown > 0) {
    ctx.strokeStyle = palette.throttle;
    ctx.lineWidth = Math.max(1, cell / 6);
    ctx.beginPath();
    // While animating, the crosses shuffle along the lane so refusals read as a stream.
    const offset = animate ? Math.floor(nowMs / 120) % cols : 0;
    for (let k = 0; k < shown; k++) {
      const c = (k + offset) % cols;
      const x = c * step;
      const y = layout.laneTop;
      ctx.moveTo(x + 1, y + 1);
      ctx.lineTo(x + cell - 1, y + cell - 1);
      ctx.moveTo(x + cell - 1, y + 1);
      ctx.lineTo(x + 1, y + cell - 1);
    }
    ctx.stroke();
    ctx.lineWidth = 1;
  }
}
