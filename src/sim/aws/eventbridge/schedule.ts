/**
 * Schedule expressions of scheduled rules ("Setting a schedule pattern for scheduled rules" in the EventBridge
 * User Guide): `rate(value unit)` with minute(s), hour(s) or day(s) — singular for 1, plural above — and
 * `cron(minutes hours day-of-month month day-of-week year)` in UTC, where exactly one of day-of-month and
 * day-of-week is `?`; day-of-week counts 1 = SUN … 7 = SAT; `L`, `W` and `#` as documented. Precision: one minute.
 */

export interface Schedule {
  /** The first firing strictly after `afterMs` (epoch ms), or undefined when the expression never fires again. */
  nextAfter(afterMs: number): number | undefined;
}

export class ScheduleError extends Error {}

const MINUTE = 60_000;
const UNITS: Record<string, [number, boolean]> = {
  minute: [MINUTE, false],
  minutes: [MINUTE, true],
  hour: [60 * MINUTE, false],
  hours: [60 * MINUTE, true],
  day: [24 * 60 * MINUTE, false],
  days: [24 * 60 * MINUTE, true],
};
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Parses an expression; `startMs` anchors rate schedules (their first firing is one period after it). */
export function parseSchedule(expression: string, startMs: number): Schedule {
  const rate = /^rate\(\s*(\d+)\s+([a-z]+)\s*\)$/.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    const unit = UNITS[rate[2]!];
    if (!unit || value < 1 || unit[1] !== value > 1)
      throw new ScheduleError('Parameter ScheduleExpression is not valid.');
    const period = value * unit[0];
    return {
      nextAfter(afterMs) {
        if (afterMs < startMs + period) return startMs + period;
        return startMs + (Math.floor((afterMs - startMs) / period) + 1) * period;
      },
    };
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron) return parseCron(cron[1]!.trim());
  throw new ScheduleError('Parameter ScheduleExpression is not valid.');
}

type DayTest = (year: number, month: number, day: number) => boolean;

function invalid(): never {
  throw new ScheduleError('Parameter ScheduleExpression is not valid.');
}

function parseNumber(text: string, names?: string[], offset = 0): number {
  if (/^\d+$/.test(text)) return Number(text);
  const index = names?.indexOf(text.toUpperCase()) ?? -1;
  if (index < 0) invalid();
  return index + offset;
}

/** `*`, `a`, `a-b`, `a/b`, `*\/b`, `a-b/c`, comma lists → the set of allowed values. */
function parseField(text: string, min: number, max: number, names?: string[], offset = 0): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    if (range === undefined || range === '') invalid();
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) invalid();
    let from: number;
    let to: number;
    if (range === '*') {
      from = min;
      to = max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      from = parseNumber(a!, names, offset);
      to = parseNumber(b!, names, offset);
    } else {
      from = parseNumber(range, names, offset);
      to = stepText === undefined ? from : max;
    }
    if (from < min || to > max || from > to) invalid();
    for (let value = from; value <= to; value += step) out.add(value);
  }
  return out;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

function parseDayOfMonth(text: string): DayTest {
  if (text === 'L') return (year, month, day) => day === daysInMonth(year, month);
  const nearest = /^(\d{1,2})W$/.exec(text);
  if (nearest) {
    const target = Number(nearest[1]);
    if (target < 1 || target > 31) invalid();
    return (year, month, day) => {
      const last = daysInMonth(year, month);
      const wanted = Math.min(target, last);
      const dow = weekday(year, month, wanted);
      let chosen = wanted;
      if (dow === 7) chosen = wanted === 1 ? 3 : wanted - 1;
      else if (dow === 1) chosen = wanted === last ? wanted - 2 : wanted + 1;
      return day === chosen;
    };
  }
  const allowed = parseField(text, 1, 31);
  return (_year, _month, day) => allowed.has(day);
}

function parseDayOfWeek(text: string): DayTest {
  const last = /^([1-7]|[A-Za-z]{3})?L$/.exec(text);
  if (last) {
    const dow = last[1] === undefined ? 7 : parseNumber(last[1], DAYS, 1);
    return (year, month, day) => weekday(year, month, day) === dow && day + 7 > daysInMonth(year, month);
  }
  const nth = /^([1-7]|[A-Za-z]{3})#([1-5])$/.exec(text);
  if (nth) {
    const dow = parseNumber(nth[1]!, DAYS, 1);
    const occurrence = Number(nth[2]);
    return (year, month, day) => weekday(year, month, day) === dow && Math.ceil(day / 7) === occurrence;
  }
  const allowed = parseField(text, 1, 7, DAYS, 1);
  return (year, month, day) => allowed.has(weekday(year, month, day));
}

function parseCron(body: string): Schedule {
  const fields = body.split(/\s+/);
  if (fields.length !== 6) invalid();
  const [minuteText, hourText, domText, monthText, dowText, yearText] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if ((domText === '?') === (dowText === '?')) invalid();
  const minutes = parseField(minuteText, 0, 59);
  const hours = parseField(hourText, 0, 23);
  const months = parseField(monthText, 1, 12, MONTHS, 1);
  const years = parseField(yearText, 1970, 2199);
  const dayTest: DayTest = domText === '?' ? parseDayOfWeek(dowText) : parseDayOfMonth(domText);
  const sortedMinutes = [...minutes].sort((a, b) => a - b);
  const sortedHours = [...hours].sort((a, b) => a - b);
  return {
    nextAfter(afterMs) {
      // Start at the next whole minute, then walk day by day (bounded: the year field ends at 2199).
      const start = new Date(Math.floor(afterMs / MINUTE) * MINUTE + MINUTE);
      let year = start.getUTCFullYear();
      let month = start.getUTCMonth() + 1;
      let day = start.getUTCDate();
      let fromMinuteOfDay = start.getUTCHours() * 60 + start.getUTCMinutes();
      for (let steps = 0; steps < 366 * 240 && year <= 2199; steps++) {
        if (years.has(year) && months.has(month) && dayTest(year, month, day)) {
          for (const hour of sortedHours) {
            for (const minute of sortedMinutes) {
              if (hour * 60 + minute >= fromMinuteOfDay) return Date.UTC(year, month - 1, day, hour, minute);
            }
          }
        }
        fromMinuteOfDay = 0;
        if (!years.has(year)) {
          year++;
          month = 1;
          day = 1;
          continue;
        }
        if (!months.has(month)) {
          day = 1;
          month++;
        } else {
          day++;
          if (day > daysInMonth(year, month)) {
            day = 1;
            month++;
          }
        }
        if (month > 12) {
          month = 1;
          year++;
        }
      }
      return undefined;
    },
  };
}
