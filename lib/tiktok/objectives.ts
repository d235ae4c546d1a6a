/**
 * Campaign objectives TikTok accepts for new campaigns, and the deprecated names (docs/tiktok-api.md §7) mapped to them.
 *
 * Since 2023-10-27 `CONVERSIONS` is `WEB_CONVERSIONS`, and `APP_INSTALL` is `APP_PROMOTION` with
 * `app_promotion_type: "APP_INSTALL"` (docs/tiktok-api.md §5). We accept the old names from callers and send the new
 * ones, so an integration written from older docs keeps working.
 */
import { TikTokInputError } from "./errors";

export const OBJECTIVES = [
  "REACH",
  "TRAFFIC",
  "VIDEO_VIEWS",
  "LEAD_GENERATION",
  "ENGAGEMENT",
  "APP_PROMOTION",
  "WEB_CONVERSIONS",
  "PRODUCT_SALES",
] as const;
export type Objective = (typeof OBJECTIVES)[number];

export const APP_PROMOTION_TYPES = ["APP_INSTALL", "APP_RETARGETING"] as const;
export type AppPromotionType = (typeof APP_PROMOTION_TYPES)[number];

/** Old objective names and what TikTok wants instead. */
export const DEPRECATED_OBJECTIVES: Record<string, { objective: Objective; appPromotionType?: AppPromotionType }> = {
  CONVERSIONS: { objective: "WEB_CONVERSIONS" },
  APP_INSTALL: { objective: "APP_PROMOTION", appPromotionType: "APP_INSTALL" },
};

export interface ResolvedObjective {
  objective: Objective;
  appPromotionType?: AppPromotionType;
}

function isObjective(value: string): value is Objective {
  return (OBJECTIVES as readonly string[]).includes(value);
}

function isAppPromotionType(value: string): value is AppPromotionType {
  return (APP_PROMOTION_TYPES as readonly string[]).includes(value);
}

/** Turns a caller's objective (current or old name) into what TikTok accepts, or says what to change. */
export function resolveObjective(input: string, appPromotionType?: string): ResolvedObjective {
  const name = input.trim().toUpperCase();
  const renamed = DEPRECATED_OBJECTIVES[name];
  if (renamed) {
    return renamed.appPromotionType
      ? { objective: renamed.objective, appPromotionType: renamed.appPromotionType }
      : { objective: renamed.objective };
  }
  if (!isObjective(name)) {
    throw new TikTokInputError("objective", `Unknown objective "${input}"; use one of ${OBJECTIVES.join(", ")}`);
  }
  if (name !== "APP_PROMOTION") {
    if (appPromotionType !== undefined) {
      throw new TikTokInputError(
        "appPromotionType",
        `An app promotion type only goes with the APP_PROMOTION objective, not ${name}`,
      );
    }
    return { objective: name };
  }
  if (appPromotionType === undefined || !isAppPromotionType(appPromotionType)) {
    throw new TikTokInputError(
      "appPromotionType",
      `APP_PROMOTION needs an app promotion type: one of ${APP_PROMOTION_TYPES.join(", ")}`,
    );
  }
  return { objective: name, appPromotionType };
}
