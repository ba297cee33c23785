import fs from 'node:fs';
import { createRequire } from 'node:module';
import { test, expect, type Locator, type Page } from '@playwright/test';

const require = createRequire(import.meta.url);

/** axe-core (WCAG 2.x A/AA) on the benches only, so other widgets' findings are not reported here. */
async function axeOnBenches(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: object,
            opts: object,
          ) => Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe;
    const r = await axe.run(
      { include: [['section.pool']] },
      {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] },
        resultTypes: ['violations'],
      },
    );
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
  });
}

/** The concurrency bench as the concurrency-scaling lesson embeds it (the first of its benches). */
async function openBench(page: Page): Promise<Locator> {
  await page.goto('#/lessons/concurrency-scaling');
  const bench = page.getByRole('region', { name: 'Concurrency bench' }).first();
  await bench.scrollIntoViewIfNeeded();
  await expect(bench.getByRole('combobox', { name: 'Preset' })).toBeVisible();
  return bench;
}

/** Seconds from the summary's clock: "42 s", "3:05" or "1 h 02 min". */
function seconds(t: string): number {
  let m = /^(\d+) s$/.exec(t);
  if (m) return Number(m[1]);
  m = /^(\d+):(\d\d)$/.exec(t);
  if (m) return Number(m[1]) * 60 + Number(m[2]);
  m = /^(\d+) h (\d\d) min$/.exec(t);
  if (m) return Number(m[1]) * 3600 + Number(m[2]) * 60;
  return NaN;
}

/** The number of concurrent executions the live summary states ("t=42 s: 50 concurrent executions …"). */
async function summary(bench: Locator): Promise<{ t: string; concurrency: number; text: string }> {
  const text = (await bench.getByRole('status', { name: 'Pool summary' }).textContent()) ?? '';
  const m = /t=([^:]+): ([\d,]+) concurrent executions/.exec(text);
  return { t: m?.[1] ?? '', concurrency: m ? Number(m[2]!.replace(/,/g, '')) : NaN, text };
}

test.describe('concurrency bench (pool)', () => {
  test('a preset loads, plays, and the summary reports ~50 concurrent executions', async ({ page }) => {
    const bench = await openBench(page);
    await bench.getByRole('combobox', { name: 'Preset' }).selectOption('littles-law');
    await bench.getByRole('slider', { name: 'Speed' }).fill('3'); // 10×
    await expect(bench.getByRole('slider', { name: 'Speed' })).toHaveAttribute(
      'aria-valuetext',
      '10× real time',
    );
    await bench.getByRole('button', { name: 'Play' }).click();
    await expect
      .poll(
        async () => {
          const s = await summary(bench);
          return seconds(s.t) >= 15 ? s.concurrency : -1;
        },
        { timeout: 20_000 },
      )
      .toBeGreaterThanOrEqual(45);
    const s = await summary(bench);
    expect(s.concurrency).toBeLessThanOrEqual(55);
    expect(s.text).toContain('(limit 1,000)');
    await expect(bench.getByTestId('littles-law')).toHaveText(/^1\d\d × 0\.\d+ = \d+$/);
    await bench.getByRole('button', { name: 'Pause' }).click();
    const paused = await summary(bench);
    await page.waitForTimeout(2500);
    expect((await summary(bench)).t).toBe(paused.t);
  });

  test('reserved concurrency 0 throttles every request', async ({ page }) => {
    const bench = await openBench(page);
    await bench.getByRole('combobox', { name: 'Preset' }).selectOption('reserved-zero');
    await bench.getByRole('button', { name: 'Step' }).click();
    await bench.getByRole('button', { name: 'Step' }).click();
    await expect(bench.getByRole('status', { name: 'Pool summary' })).toHaveText(
      /t=2 s: 0 concurrent executions \(limit 0 of account 1,000\) · 0 req\/s · 50 throttled\/s/,
    );
  });

  test('keyboard only: choose a preset, play, change speed, pause, step and scrub back', async ({ page }) => {
    const bench = await openBench(page);
    const preset = bench.getByRole('combobox', { name: 'Preset' });
    await preset.focus();
    await page.keyboard.press('ArrowDown'); // littles-law → account-split
    await expect(preset).toHaveValue('account-split');
    await page.keyboard.press('ArrowUp');
    await expect(preset).toHaveValue('littles-law');

    await page.keyboard.press('Tab');
    await expect(bench.getByRole('combobox', { name: 'Scaling rule' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(bench.getByRole('button', { name: 'Play' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(bench.getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'true');

    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    const speed = bench.getByRole('slider', { name: 'Speed' });
    await expect(speed).toBeFocused();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await expect(speed).toHaveAttribute('aria-valuetext', '20× real time');
    await expect
      .poll(async () => seconds((await summary(bench)).t), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(10);

    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+Tab');
    await expect(bench.getByRole('button', { name: 'Pause' })).toBeFocused();
    await page.keyboard.press('Space');
    await expect(bench.getByRole('button', { name: 'Pause' })).toHaveAttribute('aria-pressed', 'true');

    await page.keyboard.press('Tab');
    await expect(bench.getByRole('button', { name: 'Step' })).toBeFocused();
    const before = seconds((await summary(bench)).t);
    await page.keyboard.press('Enter');
    await expect.poll(async () => seconds((await summary(bench)).t)).toBe(before + 1);

    const timeline = bench.getByRole('slider', { name: 'Timeline' });
    await timeline.focus();
    await page.keyboard.press('Home');
    await expect(bench.getByRole('status', { name: 'Pool summary' })).toHaveText(/^Replay at t=1 s: /);
    await expect(timeline).toHaveAttribute('aria-valuetext', /^t=1 s of /);
    await page.keyboard.press('End');
    await expect(bench.getByRole('status', { name: 'Pool summary' })).toHaveText(/^t=\d+ s: /);
  });

  test('the status line keeps up with the clock at 600×', async ({ page }) => {
    const bench = await openBench(page);
    await bench.getByRole('combobox', { name: 'Preset' }).selectOption('provisioned-schedule');
    await bench.getByRole('slider', { name: 'Speed' }).fill('8');
    // Press Play and sample every animation frame inside the page until the run pauses itself (seven simulated
    // minutes, under a second at 600×): both texts of a sample come from one rendered frame, and no frame is missed
    // however slow the machine is.
    const frames = await bench.evaluate(
      (root) =>
        new Promise<{ status: string; clock: string }[]>((resolve) => {
          const button = (name: string) =>
            [...root.querySelectorAll('button')].find((candidate) => candidate.textContent === name);
          const seen: { status: string; clock: string }[] = [];
          const sample = () => {
            seen.push({
              status: root.querySelector('[data-testid="pool-status-line"]')?.textContent ?? '',
              clock: root.querySelector('.pool-timeline output')?.textContent ?? '',
            });
            if (button('Pause')?.getAttribute('aria-pressed') === 'true' || seen.length > 5_000)
              resolve(seen);
            else requestAnimationFrame(sample);
          };
          button('Play')?.click();
          requestAnimationFrame(sample);
        }),
    );
    let compared = 0;
    for (const { status, clock } of frames) {
      const t = /^t=(.+) · live$/.exec(clock)?.[1];
      if (!t) continue; // before the first simulated second
      expect(status).toMatch(new RegExp(`^t=${t}: `));
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
  });

  test('no “Press Play” while it plays, even after a setting that restarts the run', async ({ page }) => {
    const bench = await openBench(page);
    await bench.getByRole('combobox', { name: 'Preset' }).selectOption('littles-law');
    const line = bench.getByTestId('pool-status-line');
    await bench.getByRole('button', { name: 'Play' }).click();
    await expect(line).not.toContainText('Press Play');
    await bench.getByText('Traffic, function and account settings').click();
    const memory = bench.getByLabel('Memory (MB)');
    await memory.fill('1024');
    // The status line as it is right after the change, before any later frame can repaint it.
    const right = await memory.evaluate((input) => {
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      return new Promise<string>((resolve) =>
        queueMicrotask(() =>
          resolve(input.closest('section')!.querySelector('[data-testid="pool-status-line"]')!.textContent!),
        ),
      );
    });
    expect(right).not.toContain('Press Play');
    await expect(bench.getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'true');
    await expect(line).toHaveText(/^t=\d+ s: \d+ concurrent executions/);
  });

  test('a run ends after its preset’s length, and the concurrency axis fits the data', async ({ page }) => {
    const bench = await openBench(page);
    await bench.getByRole('combobox', { name: 'Preset' }).selectOption('littles-law');
    await bench.getByRole('slider', { name: 'Speed' }).fill('8');
    await bench.getByRole('button', { name: 'Play' }).click();
    await expect(bench.getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'false', {
      timeout: 20_000,
    });
    await expect(bench.getByTestId('pool-status-line')).toHaveText(/^t=2:00: .*Run complete/);
    const chart = bench.getByRole('figure', { name: 'Concurrent executions' });
    await expect(chart.getByTestId('chart-x-range')).toHaveText('1 s – 2:00');
    // About 50 concurrent: the axis tops at 100 or 200 (warm-up), not at the limit of 1,000.
    await expect(chart.getByTestId('chart-y-max')).toHaveText(/^(100|200)$/);
    await expect(chart).toContainText('limit for this function (1,000, above the chart)');
  });

  test('reduced motion: the pool updates in steps, not every frame, and still reports ~50', async ({
    page,
  }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const bench = await openBench(page);
    await expect(bench).toHaveAttribute('data-motion', 'reduced');
    await bench.getByRole('combobox', { name: 'Preset' }).selectOption('littles-law');
    const canvas = bench.getByRole('img', { name: /Execution environment pool/ });
    await bench.getByRole('button', { name: 'Play' }).click();
    const draws0 = Number(await canvas.getAttribute('data-draws'));
    await page.waitForTimeout(3000);
    const draws = Number(await canvas.getAttribute('data-draws')) - draws0;
    // At 1×, 3 s of play = about 3 simulated seconds: one redraw per second, not ~180 animation frames.
    expect(draws).toBeGreaterThanOrEqual(1);
    expect(draws).toBeLessThanOrEqual(6);
    await expect
      .poll(async () => (await summary(bench)).concurrency, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(45);

    // The course's own setting (data-reduced-motion on <html>) is honoured too.
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await expect(bench).toHaveAttribute('data-motion', 'full');
    await page.evaluate(() => (document.documentElement.dataset.reducedMotion = 'true'));
    await expect(bench).toHaveAttribute('data-motion', 'reduced');
  });

  test('fits a 360 px screen without sideways scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 800 });
    const bench = await openBench(page);
    await bench.getByRole('combobox', { name: 'Preset' }).selectOption('account-limit');
    await bench.getByRole('button', { name: 'Step' }).click();
    const overflow = await bench.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const box = await bench.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`no axe violations in the bench (${theme} theme, settings open)`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
      const bench = await openBench(page);
      await bench.getByRole('combobox', { name: 'Preset' }).selectOption('account-split');
      await bench.getByRole('button', { name: 'Step' }).click();
      await bench.getByText('Traffic, function and account settings').click();
      await expect(bench.getByLabel('Memory (MB)')).toBeVisible();
      expect(await axeOnBenches(page)).toEqual([]);
    });
  }
});
