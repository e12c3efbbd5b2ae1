export { isCalendarDate } from './calendar-date.ts';
export { formatBytes } from './format-bytes.ts';
export { truncateText } from './truncate-text.ts';
export { matchesWildcard, wildcardToRegExp } from './wildcard.ts';
