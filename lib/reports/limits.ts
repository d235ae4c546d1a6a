/**
 * How much a report may cover: the bounds the report queries enforce (convex/tiktok/reports.ts) and the Reports page
 * keeps to before it asks.
 */

/** The workspace overview's longest range: accounts × days must stay inside one Convex transaction. */
export const MAX_OVERVIEW_DAYS = 93;
