import { describe, expect, it } from 'vitest';
import { parseFenceMeta } from './fenceMeta';

describe('parseFenceMeta', () => {
  it('reads the title, the runnable marker and its event, seeds, environment and declared error', () => {
    expect(
      parseFenceMeta(
        `title="handler.py (Python 3.12+)" runnable event='{"a": "b c"}' seed="products, prices" env="TABLE_NAME=products,MODE=a=b" error="ValueError"`,
      ),
    ).toEqual({
      title: 'handler.py (Python 3.12+)',
      runnable: {
        kind: 'handler',
        event: '{"a": "b c"}',
        seeds: ['products', 'prices'],
        layers: [],
        environment: { TABLE_NAME: 'products', MODE: 'a=b' },
        expectedError: 'ValueError',
      },
    });
  });

  it('runnable="script" is a script; a fence without the marker is not runnable', () => {
    expect(parseFenceMeta('runnable="script"').runnable).toEqual({
      kind: 'script',
      seeds: [],
      layers: [],
      environment: {},
    });
    expect(parseFenceMeta('title="app.py" label="orders" runnable layers="powertools"')).toMatchObject({
      label: 'orders',
      runnable: { layers: ['powertools'] },
    });
    expect(parseFenceMeta('title="app.py"')).toEqual({ title: 'app.py', runnable: null });
    expect(parseFenceMeta(undefined)).toEqual({ runnable: null });
  });
});
