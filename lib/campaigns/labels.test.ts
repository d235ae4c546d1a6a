import { describe, expect, it } from "vitest";
import { campaignStatusLabel, objectiveLabel } from "./labels";

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
});
