/**
 * The most `DescribeImages` returns in one page. A module of its own, so that the standard's
 * schema (which bounds `tagStrategy.sampleImages` by it) bundles no read.
 */
export const IMAGES_PAGE_SIZE = 1000;
