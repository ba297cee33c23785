import { describe, expect, it } from 'vitest';
import { runQuery } from './engine';
import { EPOCH, GROUP, INVOCATIONS, jsonEvents, newestFirst, textEvents } from './fixtures';
import { InsightsQueryError } from './syntax';

const ACCOUNT = '123456789012';

function text(query: string) {
  return runQuery(query, newestFirst(textEvents()), { accountId: ACCOUNT });
}

function json(query: string) {
  return runQuery(query, newestFirst(jsonEvents()), { accountId: ACCOUNT });
}

const COLD = INVOCATIONS.filter((invocation) => invocation.initDurationMs !== undefined);

describe('Logs Insights: the classic cold-start queries', () => {
  it('text format: filter @type = "REPORT" | stats count(@initDuration) …', () => {
    const result = text(
      'filter @type = "REPORT" | stats count(*) as invocations, count(@initDuration) as coldStarts, max(@initDuration) as maxInit, avg(@initDuration) as avgInit',
    );
    expect(result.columns).toEqual(['invocations', 'coldStarts', 'maxInit', 'avgInit']);
    expect(result.rows).toEqual([
      { invocations: 4, coldStarts: 2, maxInit: 183.21, avgInit: (183.21 + 161.4) / 2 },
    ]);
    expect(result.statistics).toMatchObject({ recordsScanned: 16, recordsMatched: 4 });
  });

  it('text format: fields @initDuration | filter ispresent(@initDuration)', () => {
    const result = text(
      'fields @timestamp, @requestId, @initDuration | filter ispresent(@initDuration) | sort @timestamp desc',
    );
    expect(result.rows.map((row) => row['@requestId'])).toEqual(COLD.map((c) => c.requestId).reverse());
    expect(result.rows.map((row) => row['@initDuration'])).toEqual([161.4, 183.21]);
    expect(result.results[0]).toEqual([
      { field: '@timestamp', value: '2026-11-26 12:02:00.251' },
      { field: '@requestId', value: COLD[1]!.requestId },
      { field: '@initDuration', value: '161.4' },
    ]);
  });

  it('the AWS sample cold-start percentage: sum(strcontains(@message, "Init Duration"))/count(*) * 100', () => {
    const result = text(
      'filter @type = "REPORT" | stats sum(strcontains(@message, "Init Duration"))/count(*) * 100 as coldStartPct, avg(@duration)',
    );
    expect(result.rows).toEqual([{ coldStartPct: 50, 'avg(@duration)': (12.34 + 3.5 + 250.01 + 8) / 4 }]);
  });

  it('JSON format: the text query finds nothing, the platform.report equivalent finds the cold starts', () => {
    expect(json('filter @type = "REPORT" | stats count(*) as n').rows).toEqual([{ n: 0 }]);
    const result = json(
      'filter type = "platform.report" | stats count(*) as invocations, count(record.metrics.initDurationMs) as coldStarts, max(record.metrics.initDurationMs) as maxInit',
    );
    expect(result.rows).toEqual([{ invocations: 4, coldStarts: 2, maxInit: 183.21 }]);
    const listed = json(
      'fields record.requestId, record.metrics.initDurationMs | filter ispresent(record.metrics.initDurationMs) | sort @timestamp asc',
    );
    expect(listed.rows).toEqual(
      COLD.map((c) => ({
        'record.requestId': c.requestId,
        'record.metrics.initDurationMs': c.initDurationMs,
      })),
    );
  });
});

describe('Logs Insights: discovered Lambda fields', () => {
  it('parses every REPORT field; memory in bytes as Insights reports it', () => {
    const result = text(
      'filter @type = "REPORT" | fields @requestId, @duration, @billedDuration, @memorySize, @maxMemoryUsed, @initDuration | sort @timestamp asc | limit 1',
    );
    expect(result.rows[0]).toEqual({
      '@requestId': INVOCATIONS[0]!.requestId,
      '@duration': 12.34,
      '@billedDuration': 196,
      '@memorySize': 128_000_000,
      '@maxMemoryUsed': 67_000_000,
      '@initDuration': 183.21,
    });
    const memory = text(
      'filter @type = "REPORT" | stats max(@maxMemoryUsed / 1000 / 1000) as maxMemoryUsedMB',
    );
    expect(memory.rows).toEqual([{ maxMemoryUsedMB: 90 }]);
  });

  it('reads the X-Ray ids Lambda appends to REPORT when tracing is active', () => {
    const message =
      'REPORT RequestId: 6f1c0a52-8d2e-4b1a-9c33-0a1b2c3d4e01\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t\nXRAY TraceId: 1-6925a3c0-0123456789abcdef01234567\tSegmentId: 0123456789abcdef\tSampled: true';
    const result = runQuery(
      'fields @xrayTraceId, @xraySegmentId, @duration',
      [{ timestamp: EPOCH, ingestionTime: EPOCH, logStream: 's', logGroup: GROUP, message }],
      { accountId: ACCOUNT },
    );
    expect(result.rows).toEqual([
      {
        '@xrayTraceId': '1-6925a3c0-0123456789abcdef01234567',
        '@xraySegmentId': '0123456789abcdef',
        '@duration': 2,
      },
    ]);
  });

  it('types START and END lines and finds the request id of application lines, @log and @logStream', () => {
    const result = text(
      `filter @requestId = "${INVOCATIONS[1]!.requestId}" | fields @type, @log, @logStream | sort @timestamp asc`,
    );
    expect(result.rows.map((row) => row['@type'])).toEqual(['START', undefined, 'END', 'REPORT']);
    expect(result.rows[0]!['@log']).toBe(`${ACCOUNT}:${GROUP}`);
    expect(result.rows[0]!['@logStream']).toBe('2026/11/26/[$LATEST]aaaa0001');
  });

  it('flattens JSON with dots and keeps the first embedded JSON object of a text line', () => {
    const events = [
      {
        timestamp: EPOCH,
        ingestionTime: EPOCH,
        logStream: 's',
        logGroup: GROUP,
        message:
          '2026-11-26T12:00:00.000Z\t6f1c0a52-8d2e-4b1a-9c33-0a1b2c3d4e01\tINFO\t{"order":{"id":"o-1","items":[{"sku":"A"},{"sku":"B"}]},"total":12.5,"@timestamp":"x"}',
      },
    ];
    const result = runQuery('fields order.id, order.items.1.sku, total, @@timestamp, @requestId', events, {
      accountId: ACCOUNT,
    });
    expect(result.rows).toEqual([
      {
        'order.id': 'o-1',
        'order.items.1.sku': 'B',
        total: 12.5,
        '@@timestamp': 'x',
        '@requestId': '6f1c0a52-8d2e-4b1a-9c33-0a1b2c3d4e01',
      },
    ]);
  });
});

describe('Logs Insights: commands', () => {
  it('defaults to @timestamp and @message, newest first', () => {
    const result = text('filter @message like "order"');
    expect(result.columns).toEqual(['@timestamp', '@message']);
    expect(result.rows).toHaveLength(4);
    expect(String(result.rows[0]!['@message'])).toContain('order 4 stored');
    expect(result.timeColumns).toEqual(['@timestamp']);
  });

  it('filter: comparisons, and/or/not, like with regex and (?i), not like, =~, in, ispresent', () => {
    const count = (filter: string) => text(`filter ${filter} | stats count(*) as n`).rows[0]!.n;
    expect(count('@duration > 10')).toBe(2);
    expect(count('@duration >= 8 and @duration <= 12.34')).toBe(2);
    expect(count('@duration < 4 or @billedDuration = 412')).toBe(2);
    expect(count('@type = "REPORT" and not ispresent(@initDuration)')).toBe(2);
    expect(count('@message like /ERROR/')).toBe(1);
    expect(count('@message like /(?i)FAILED/')).toBe(1);
    expect(count('@message =~ /order \\d stored/')).toBe(3);
    expect(count('@type = "REPORT" and @message not like "Init Duration"')).toBe(2);
    expect(count('@type in ["START", "END"]')).toBe(8);
    expect(count('@type not in ["START", "END"]')).toBe(4);
    expect(count('@billedDuration != 4')).toBe(3);
    expect(count('(@type = "START" or @type = "END") and @logStream like "bbbb"')).toBe(2);
  });

  it('stats: count_distinct, sum, min, max, pct and by several fields', () => {
    const result = text(
      'filter @type = "REPORT" | stats count_distinct(@logStream) as streams, sum(@billedDuration) as billed, min(@duration) as fastest, max(@duration) as slowest, pct(@duration, 50) as p50, pct(@duration, 99) as p99',
    );
    expect(result.rows).toEqual([
      { streams: 2, billed: 620, fastest: 3.5, slowest: 250.01, p50: 8, p99: 250.01 },
    ]);
    const byStream = text(
      'filter @type = "REPORT" | stats count(*) as n, avg(@billedDuration) as billed by @logStream | sort n desc',
    );
    expect(byStream.columns).toEqual(['@logStream', 'n', 'billed']);
    expect(byStream.rows).toEqual([
      { '@logStream': '2026/11/26/[$LATEST]aaaa0001', n: 3, billed: (196 + 4 + 8) / 3 },
      { '@logStream': '2026/11/26/[$LATEST]bbbb0002', n: 1, billed: 412 },
    ]);
  });

  it('stats by bin(): one row per period, newest first, shown as timestamps', () => {
    const result = text(
      'filter @type = "REPORT" | stats count(*) as invocations, count(@initDuration) as cold by bin(5m)',
    );
    expect(result.columns).toEqual(['bin(5m)', 'invocations', 'cold']);
    expect(result.rows).toEqual([
      { 'bin(5m)': EPOCH + 300_000, invocations: 1, cold: 0 },
      { 'bin(5m)': EPOCH, invocations: 3, cold: 2 },
    ]);
    expect(result.timeColumns).toEqual(['bin(5m)']);
    expect(result.results[1]![0]).toEqual({ field: 'bin(5m)', value: '2026-11-26 12:00:00.000' });
    const minutes = text('filter @type = "REPORT" | stats count(*) by bin(1m) as minute | sort minute asc');
    expect(minutes.rows.map((row) => row.minute)).toEqual([
      EPOCH,
      EPOCH + 60_000,
      EPOCH + 120_000,
      EPOCH + 360_000,
    ]);
  });

  it('stats items may use earlier aliases, as AWS’s overprovisioned-memory sample does', () => {
    const result = text(
      'filter @type = "REPORT" | stats max(@memorySize / 1000 / 1000) as provisionedMB, max(@maxMemoryUsed / 1000 / 1000) as maxUsedMB, provisionedMB - maxUsedMB as overProvisionedMB',
    );
    expect(result.rows).toEqual([{ provisionedMB: 128, maxUsedMB: 90, overProvisionedMB: 38 }]);
  });

  it('sort asc/desc with natural order, limit, and sort by with the optional "by"', () => {
    const result = text(
      'filter @type = "REPORT" | fields @requestId, @billedDuration | sort by @billedDuration desc | limit 2',
    );
    expect(result.rows.map((row) => row['@billedDuration'])).toEqual([412, 196]);
    const ascending = text('filter @type = "REPORT" | fields @billedDuration | sort @billedDuration asc');
    expect(ascending.rows.map((row) => row['@billedDuration'])).toEqual([4, 8, 196, 412]);
  });

  it('parse: a glob with * and a regex with named groups', () => {
    const glob = text(
      'filter @message like "order" | parse @message "order * *" as orderId, outcome | stats count(*) as n by outcome | sort outcome asc',
    );
    expect(glob.rows).toEqual([
      { outcome: 'failed', n: 1 },
      { outcome: 'stored', n: 3 },
    ]);
    const regex = text(
      'filter @type = "REPORT" | parse @message /Init Duration: (?<init>[\\d.]+) ms/ | filter ispresent(init) | stats sum(init) as totalInit',
    );
    expect(regex.rows).toEqual([{ totalInit: 183.21 + 161.4 }]);
  });

  it('fields computes expressions with aliases; display picks the final columns', () => {
    const result = text(
      'filter @type = "REPORT" | fields @billedDuration * 2 as double, concat(@type, "!") as shout | display double | sort double desc | limit 1',
    );
    expect(result.columns).toEqual(['double']);
    expect(result.rows).toEqual([{ double: 824 }]);
  });

  it('dedup keeps the first row per value', () => {
    const result = text('filter ispresent(@requestId) | fields @logStream | dedup @logStream');
    expect(result.rows).toHaveLength(2);
  });

  it('ignores comments and accepts upper-case keywords', () => {
    const result = text(
      '# cold starts\nfilter @type = "REPORT" AND ispresent(@initDuration) # only cold\n| stats COUNT(*) as n',
    );
    expect(result.rows).toEqual([{ n: 2 }]);
  });
});

describe('Logs Insights: cached fields', () => {
  it('a query’s computed or parsed fields never leak into the next query over the same events', () => {
    const events = newestFirst(textEvents());
    runQuery(
      'filter @type = "REPORT" | fields @duration * 2 as doubled | parse @message "RequestId: * " as rid',
      events,
      { accountId: ACCOUNT },
    );
    const next = runQuery('filter ispresent(doubled) or ispresent(rid) | stats count(*) as n', events, {
      accountId: ACCOUNT,
    });
    expect(next.rows).toEqual([{ n: 0 }]);
  });
});

describe('Logs Insights: errors', () => {
  it('reports syntax errors with a line and position', () => {
    expect(() => text('filter @type = ')).toThrow(InsightsQueryError);
    expect(() => text('fields a |  frobnicate b')).toThrow(
      /unexpected symbol found frobnicate at line 1 and position 13/,
    );
    expect(() => text('stats count(*) by')).toThrow(/unexpected end of query/);
    expect(() => text('filter nosuch(@message)')).toThrow(/Unknown function nosuch/);
    expect(() => text('filter count(*) > 1')).toThrow(/only allowed in stats/);
    expect(() => text('parse @message "a * b *" as one')).toThrow(/2 wildcards but 1 field names/);
    expect(() => text('limit 0')).toThrow(/limit must be/);
    expect(() => text('stats @duration')).toThrow(/aggregate/);
    expect(() => text('')).toThrow(/empty/);
  });
});
