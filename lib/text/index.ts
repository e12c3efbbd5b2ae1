export { truncateText } from './truncate-text.ts';
export { matchesWildcard, wildcardToRegExp } from './wildcard.ts';
