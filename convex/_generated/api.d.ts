/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";
import type * as auth from "../auth.js";
import type * as authEmail from "../authEmail.js";
import type * as authPassword from "../authPassword.js";
import type * as authThrottle from "../authThrottle.js";
import type * as crons from "../crons.js";
import type * as http from "../http.js";
import type * as lib_access from "../lib/access.js";
import type * as lib_bounds from "../lib/bounds.js";
import type * as lib_lists from "../lib/lists.js";
import type * as lib_records from "../lib/records.js";
import type * as lib_shapes from "../lib/shapes.js";
import type * as retention from "../retention.js";
import type * as tiktok_calls from "../tiktok/calls.js";
import type * as tiktok_campaignDayReads from "../tiktok/campaignDayReads.js";
import type * as tiktok_campaignOperations from "../tiktok/campaignOperations.js";
import type * as tiktok_campaignRows from "../tiktok/campaignRows.js";
import type * as tiktok_campaignWriteLimits from "../tiktok/campaignWriteLimits.js";
import type * as tiktok_campaigns from "../tiktok/campaigns.js";
import type * as tiktok_connectionRecords from "../tiktok/connectionRecords.js";
import type * as tiktok_connections from "../tiktok/connections.js";
import type * as tiktok_governor from "../tiktok/governor.js";
import type * as tiktok_oauthState from "../tiktok/oauthState.js";
import type * as tiktok_reportExports from "../tiktok/reportExports.js";
import type * as tiktok_reports from "../tiktok/reports.js";
import type * as tiktok_session from "../tiktok/session.js";
import type * as tiktok_settings from "../tiktok/settings.js";
import type * as tiktok_sync_batches from "../tiktok/sync/batches.js";
import type * as tiktok_sync_failures from "../tiktok/sync/failures.js";
import type * as tiktok_sync_queries from "../tiktok/sync/queries.js";
import type * as tiktok_sync_queue from "../tiktok/sync/queue.js";
import type * as tiktok_sync_step from "../tiktok/sync/step.js";
import type * as tiktok_sync_writes from "../tiktok/sync/writes.js";
import type * as tiktok_tokenSchedule from "../tiktok/tokenSchedule.js";
import type * as tiktok_tokenSeal from "../tiktok/tokenSeal.js";
import type * as tiktok_tokens from "../tiktok/tokens.js";
import type * as tiktok_validators from "../tiktok/validators.js";
import type * as workspaces_account from "../workspaces/account.js";
import type * as workspaces_invites from "../workspaces/invites.js";
import type * as workspaces_members from "../workspaces/members.js";
import type * as workspaces_migrations from "../workspaces/migrations.js";
import type * as workspaces_provision from "../workspaces/provision.js";
import type * as workspaces_roles from "../workspaces/roles.js";

/**
 * A utility for referencing Convex functions in your app's API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
declare const fullApi: ApiFromModules<{
  auth: typeof auth;
  authEmail: typeof authEmail;
  authPassword: typeof authPassword;
  authThrottle: typeof authThrottle;
  crons: typeof crons;
  http: typeof http;
  "lib/access": typeof lib_access;
  "lib/bounds": typeof lib_bounds;
  "lib/lists": typeof lib_lists;
  "lib/records": typeof lib_records;
  "lib/shapes": typeof lib_shapes;
  retention: typeof retention;
  "tiktok/calls": typeof tiktok_calls;
  "tiktok/campaignDayReads": typeof tiktok_campaignDayReads;
  "tiktok/campaignOperations": typeof tiktok_campaignOperations;
  "tiktok/campaignRows": typeof tiktok_campaignRows;
  "tiktok/campaignWriteLimits": typeof tiktok_campaignWriteLimits;
  "tiktok/campaigns": typeof tiktok_campaigns;
  "tiktok/connectionRecords": typeof tiktok_connectionRecords;
  "tiktok/connections": typeof tiktok_connections;
  "tiktok/governor": typeof tiktok_governor;
  "tiktok/oauthState": typeof tiktok_oauthState;
  "tiktok/reportExports": typeof tiktok_reportExports;
  "tiktok/reports": typeof tiktok_reports;
  "tiktok/session": typeof tiktok_session;
  "tiktok/settings": typeof tiktok_settings;
  "tiktok/sync/batches": typeof tiktok_sync_batches;
  "tiktok/sync/failures": typeof tiktok_sync_failures;
  "tiktok/sync/queries": typeof tiktok_sync_queries;
  "tiktok/sync/queue": typeof tiktok_sync_queue;
  "tiktok/sync/step": typeof tiktok_sync_step;
  "tiktok/sync/writes": typeof tiktok_sync_writes;
  "tiktok/tokenSchedule": typeof tiktok_tokenSchedule;
  "tiktok/tokenSeal": typeof tiktok_tokenSeal;
  "tiktok/tokens": typeof tiktok_tokens;
  "tiktok/validators": typeof tiktok_validators;
  "workspaces/account": typeof workspaces_account;
  "workspaces/invites": typeof workspaces_invites;
  "workspaces/members": typeof workspaces_members;
  "workspaces/migrations": typeof workspaces_migrations;
  "workspaces/provision": typeof workspaces_provision;
  "workspaces/roles": typeof workspaces_roles;
}>;
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;

export declare const components: {
  rateLimiter: import("@convex-dev/rate-limiter/_generated/component.js").ComponentApi<"rateLimiter">;
  syncPool: import("@convex-dev/workpool/_generated/component.js").ComponentApi<"syncPool">;
};
