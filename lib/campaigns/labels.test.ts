import { describe, expect, it } from "vitest";
import { campaignStatusLabel, objectiveGroup, objectiveLabel } from "./labels";

describe("campaigns in words", () => {
  it("says the status from TikTok's secondary status, deleted first, and the switch where there is no secondary status", () => {
    expect(
      campaignStatusLabel({
        deleted: false,
        secondaryStatus: "CAMPAIGN_STATUS_BUDGET_EXCEED",
        operationStatus: "ENABLE",
      }),
    ).toBe("Budget exceeded");
    expect(campaignStatusLabel({ deleted: true, secondaryStatus: "CAMPAIGN_STATUS_ENABLE" })).toBe("Deleted");
    expect(campaignStatusLabel({ deleted: false, operationStatus: "DISABLE" })).toBe("Paused");
    expect(campaignStatusLabel({ deleted: false, secondaryStatus: "CAMPAIGN_STATUS_SOMETHING_NEW" })).toBe(
      "Something new",
    );
  });
  it("names objectives, the deprecated ones as what replaced them", () => {
    expect(objectiveLabel("WEB_CONVERSIONS")).toBe("Website conversions");
    expect(objectiveLabel("CONVERSIONS")).toBe("Website conversions");
    expect(objectiveLabel("SHOP_PURCHASES")).toBe("Shop purchases");
  });
  it("counts an objective's old and current names as one objective, so a filter lists it once", () => {
    expect(objectiveGroup("CONVERSIONS")).toBe(objectiveGroup("WEB_CONVERSIONS"));
    expect(objectiveGroup("APP_INSTALL")).toBe(objectiveGroup("APP_PROMOTION"));
    expect(objectiveGroup("TRAFFIC")).toBe("TRAFFIC");
    expect(objectiveLabel(objectiveGroup("CONVERSIONS"))).toBe("Website conversions");
  });
});
