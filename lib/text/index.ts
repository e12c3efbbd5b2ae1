export { truncateText } from './truncate-text.ts';
