import { describe, expect, it } from 'vitest';
import { validateFunctionConfig } from './config';

describe('function configuration validation (AWS messages)', () => {
  it('accepts the defaults: 128 MB, 3 s, 512 MB /tmp', () => {
    const r = validateFunctionConfig({ name: 'ok' });
    expect(r.ok && r.config).toMatchObject({
      memoryMb: 128,
      timeoutS: 3,
      ephemeralStorageMb: 512,
      architecture: 'x86_64',
    });
  });

  it('memory, timeout and ephemeral storage bounds', () => {
    const r = validateFunctionConfig({ name: 'f', memoryMb: 64, timeoutS: 901, ephemeralStorageMb: 10_241 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errorType).toBe('ValidationException');
    expect(r.message).toBe(
      "3 validation errors detected: Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128; " +
        "Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900; " +
        "Value '10241' at 'ephemeralStorage.size' failed to satisfy constraint: Member must have value less than or equal to 10240",
    );
    expect(
      validateFunctionConfig({ name: 'f', memoryMb: 10_240, timeoutS: 900, ephemeralStorageMb: 10_240 }).ok,
    ).toBe(true);
    const one = validateFunctionConfig({ name: 'f', timeoutS: 0 });
    expect(!one.ok && one.message).toBe(
      "1 validation error detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it('at most 5 layers and 250 MB unzipped including layers', () => {
    const layers = Array.from({ length: 6 }, (_, i) => ({ name: `l${i}`, unzippedMb: 1 }));
    const r = validateFunctionConfig({ name: 'f', layers });
    expect(!r.ok && r.errors[0]).toBe(
      "Value '[l0, l1, l2, l3, l4, l5]' at 'layers' failed to satisfy constraint: Member must have length less than or equal to 5",
    );
    const big = validateFunctionConfig({
      name: 'f',
      packageMb: 200,
      layers: [{ name: 'deps', unzippedMb: 51 }],
    });
    expect(big.ok).toBe(false);
    expect(!big.ok && big.errorType).toBe('InvalidParameterValueException');
    expect(!big.ok && big.message).toBe(
      'Function code combined with layers exceeds the maximum allowed size of 262144000 bytes. The actual size is 263192576 bytes.',
    );
    expect(
      validateFunctionConfig({ name: 'f', packageMb: 200, layers: [{ name: 'deps', unzippedMb: 50 }] }).ok,
    ).toBe(true);
  });

  it('async settings: retries 0–2, event age 60 s–6 h', () => {
    expect(validateFunctionConfig({ name: 'f', async: { maxRetryAttempts: 3 } }).ok).toBe(false);
    expect(validateFunctionConfig({ name: 'f', async: { maxEventAgeS: 59 } }).ok).toBe(false);
    expect(
      validateFunctionConfig({ name: 'f', async: { maxRetryAttempts: 0, maxEventAgeS: 21_600 } }).ok,
    ).toBe(true);
    expect(validateFunctionConfig({ name: 'bad name!' }).ok).toBe(false);
  });
});
