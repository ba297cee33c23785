import { test, expect } from '@playwright/test';
import { loadEverything, runAxe } from './helpers';

test('the cost calculator on why-lambda prices the worked example, Arm and provisioned concurrency', async ({
  page,
}) => {
  await page.goto('./#/lessons/why-lambda');
  await loadEverything(page);
  const calculator = page.getByRole('region', { name: 'Cost calculator' });
  await calculator.scrollIntoViewIfNeeded();
  const status = calculator.getByRole('status');
  // 3M requests × 120 ms × 512 MB = 180,000 GB-s: $3.00 + $0.60 on x86, $2.40 + $0.60 on Arm.
  await expect(status).toHaveText('Estimated month on x86: $3.60. The same month on Arm (Graviton): $3.00.');

  await calculator.getByRole('radio', { name: 'Arm (Graviton)' }).check();
  await expect(status).toHaveText('Estimated month on Arm (Graviton): $3.00. The same month on x86: $3.60.');

  // Two provisioned environments at 512 MB for 730 h: 1 GB × 2,628,000 s × $0.0000033334 ≈ $8.76 warm.
  const environments = calculator.getByRole('textbox', { name: /Provisioned concurrency/ });
  await environments.fill('2');
  await expect(
    calculator.getByRole('row', { name: /Provisioned concurrency kept warm.*\$8\.76/ }),
  ).toBeVisible();

  // Past the first tier: 6 billion GB-s of other Arm usage makes this function's duration cheaper.
  await environments.fill('0');
  await calculator.getByRole('textbox', { name: /Other on-demand usage/ }).fill('7,500,000,000');
  await expect(calculator.getByRole('row', { name: /7\.5 billion to 18\.75 billion GB-s/ })).toBeVisible();

  const memory = calculator.getByRole('textbox', { name: 'Memory (MB)' });
  await memory.fill('50');
  await expect(memory).toHaveAttribute('aria-invalid', 'true');
  await expect(status).toHaveText('Correct the marked fields to see an estimate.');
  expect(await runAxe(page)).toEqual([]);
});
