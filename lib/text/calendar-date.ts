/**
 * Dates as the standard and the exemption tags write them: `YYYY-MM-DD`, days that exist.
 *
 * @module
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Whether `value` is a calendar date written `YYYY-MM-DD` that exists: `2027-02-30` does not
 * (JavaScript's `Date.parse` reads it as 2 March).
 *
 * @example
 * ```ts
 * isCalendarDate('2028-02-29'); // true
 * isCalendarDate('2027-02-30'); // false
 * ```
 */
export function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number);
  if (year === undefined || month === undefined || day === undefined) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}
