/**
 * Size limits shared by the schemas and the content scripts. Kept apart from the zod schemas so a
 * content script can use them without bundling zod.
 */

/** Cap for any free text from a feed or a page, so one record cannot bloat the cache or the overlay. */
export const MAX_TEXT = 5000;

/** Upper bound on posts per lookup: a content script batches, a hostile page cannot flood. */
export const MAX_LOOKUP_BATCH = 100;

/** Product tags on one post, as Instagram allows; the editor and the save message both hold to it. */
export const MAX_TAGS_PER_POST = 20;

/** Anonymous overlay events per `report-events` message: the content script batches up to this. */
export const MAX_REPORTED_EVENTS = 50;

/** Of one product variant in the cart: the quantity field, the messages and every merge hold to it. */
export const MAX_QUANTITY = 99;
