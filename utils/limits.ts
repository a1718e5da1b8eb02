/**
 * Size limits shared by the schemas and the content scripts. Kept apart from the zod schemas so a
 * content script can use them without bundling zod.
 */

/** Cap for any free text from a feed or a page, so one record cannot bloat the cache or the overlay. */
export const MAX_TEXT = 5000;

/** Upper bound on posts per lookup: a content script batches, a hostile page cannot flood. */
export const MAX_LOOKUP_BATCH = 100;
