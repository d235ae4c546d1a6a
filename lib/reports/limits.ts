/**
 * How much a report may cover: the bounds the report queries enforce (convex/tiktok/reports.ts) and the Reports page
 * keeps to before it asks.
 */

/** The workspace overview's longest range: accounts × days must stay inside one Convex transaction. */
export const MAX_OVERVIEW_DAYS = 93;

/** The longest range a report query takes: two years, so a year can be compared with the one before. */
export const MAX_RANGE_DAYS = 731;
