/**
 * Lambda sets `TZ=:UTC`: inside a function, local time is UTC whatever the learner's own time zone. A browser
 * worker's Date follows the learner's machine, so the Node.js runtime gives learner code a Date whose local
 * methods are the UTC ones (getTimezoneOffset() is 0, toString() shows GMT+0000). Known gap: a date-time string
 * without an offset (`new Date('2026-01-01T10:00')`) is still parsed as the browser's local time.
 */

const LOCAL_TO_UTC = [
  'FullYear',
  'Month',
  'Date',
  'Day',
  'Hours',
  'Minutes',
  'Seconds',
  'Milliseconds',
] as const;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

export function createUtcDate(Base: DateConstructor): DateConstructor {
  class UtcDate extends Base {
    constructor(...args: unknown[]) {
      // Components (year, month, …) are local time in JavaScript: with TZ=UTC, local time is UTC.
      if (args.length >= 2)
        super(
          Base.UTC(...(args.map(Number) as [number, number, number?, number?, number?, number?, number?])),
        );
      else super(...(args as [string | number | Date]));
    }
  }
  const prototype = UtcDate.prototype as unknown as Record<string, unknown>;
  const base = Base.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const part of LOCAL_TO_UTC) {
    prototype[`get${part}`] = base[`getUTC${part}`];
    if (part !== 'Day') prototype[`set${part}`] = base[`setUTC${part}`];
  }
  prototype.getTimezoneOffset = () => 0;
  function dateText(this: Date): string {
    return `${DAYS[this.getUTCDay()]} ${MONTHS[this.getUTCMonth()]} ${pad(this.getUTCDate())} ${pad(this.getUTCFullYear(), 4)}`;
  }
  function timeText(this: Date): string {
    return `${pad(this.getUTCHours())}:${pad(this.getUTCMinutes())}:${pad(this.getUTCSeconds())} GMT+0000 (Coordinated Universal Time)`;
  }
  prototype.toDateString = function toDateString(this: Date) {
    return Number.isNaN(this.getTime()) ? 'Invalid Date' : dateText.call(this);
  };
  prototype.toTimeString = function toTimeString(this: Date) {
    return Number.isNaN(this.getTime()) ? 'Invalid Date' : timeText.call(this);
  };
  prototype.toString = function toString(this: Date) {
    return Number.isNaN(this.getTime()) ? 'Invalid Date' : `${dateText.call(this)} ${timeText.call(this)}`;
  };
  for (const name of ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString'] as const) {
    const original = base[name]!;
    prototype[name] = function (this: Date, locales?: unknown, options?: Intl.DateTimeFormatOptions) {
      return original.call(this, locales, { timeZone: 'UTC', ...options });
    };
  }
  return UtcDate as unknown as DateConstructor;
}
