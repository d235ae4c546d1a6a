import { describe, expect, it } from "vitest";
import {
  auditSummary,
  budgetEditProblem,
  budgetModeLabel,
  budgetRuleText,
  budgetRulesHint,
  campaignBudgetText,
  campaignFailure,
  campaignListSearch,
  campaignsNamed,
  campaignStatusTone,
  CREATE_BUDGET_MODES,
  CREATE_OBJECTIVES,
  createArgsFromDraft,
  createDraftProblems,
  DEFAULT_LIST_VIEW,
  isDelivering,
  nameEditProblem,
  pageRangeText,
  parseBudgetInput,
  parseCampaignListView,
  statusChangeNotice,
  statusChangeWords,
} from "./campaigns";

describe("money and budgets in words", () => {
  it("names budget modes and shows the amount only where the mode has one", () => {
    expect(campaignBudgetText({ budgetMode: "BUDGET_MODE_DAY", budget: 100 }, "USD")).toBe("Daily · USD 100.00");
    expect(campaignBudgetText({ budgetMode: "BUDGET_MODE_TOTAL", budget: 50000 }, "JPY")).toBe("Lifetime · JPY 50,000");
    expect(campaignBudgetText({ budgetMode: "BUDGET_MODE_INFINITE" }, "USD")).toBe("No limit");
    expect(budgetModeLabel("BUDGET_MODE_SOMETHING_ELSE")).toBe("Something else");
  });
  it("states the currency's minimum and precision before anything is typed", () => {
    expect(budgetRulesHint("USD")).toBe("At least USD 50.00 (TikTok's minimum in USD), up to 2 decimals.");
    expect(budgetRulesHint("JPY")).toBe("At least JPY 5,000 (TikTok's minimum in JPY), whole amounts only.");
    expect(budgetRulesHint("BRL")).toBe("In BRL, up to 2 decimals. TikTok checks the minimum for this currency.");
  });
  it("reads typed budgets, thousands commas included, and refuses a decimal comma rather than guessing", () => {
    expect(parseBudgetInput(" 50.25 ")).toEqual({ amount: 50.25 });
    expect(parseBudgetInput("1,250.50")).toEqual({ amount: 1250.5 });
    expect(parseBudgetInput("50,25")).toEqual({ problem: "Use a point for decimals, like 50.25." });
    expect(parseBudgetInput("")).toEqual({ problem: "Enter a budget." });
    expect(parseBudgetInput("-5")).toEqual({ problem: "Enter the budget as a number, like 50 or 50.25." });
    expect(parseBudgetInput("1e3")).toEqual({ problem: "Enter the budget as a number, like 50 or 50.25." });
  });
});

describe("statuses", () => {
  it("colours a status by what it means for delivery", () => {
    expect(
      campaignStatusTone({ deleted: false, operationStatus: "ENABLE", secondaryStatus: "CAMPAIGN_STATUS_ENABLE" }),
    ).toBe("ok");
    expect(campaignStatusTone({ deleted: false, operationStatus: "DISABLE" })).toBe("muted");
    expect(campaignStatusTone({ deleted: true, operationStatus: "ENABLE" })).toBe("muted");
    expect(
      campaignStatusTone({
        deleted: false,
        operationStatus: "ENABLE",
        secondaryStatus: "CAMPAIGN_STATUS_BUDGET_EXCEED",
      }),
    ).toBe("warn");
    expect(
      campaignStatusTone({
        deleted: false,
        operationStatus: "ENABLE",
        secondaryStatus: "CAMPAIGN_STATUS_ADVERTISER_AUDIT_DENY",
      }),
    ).toBe("error");
    expect(isDelivering({ deleted: false, operationStatus: "ENABLE" })).toBe(true);
    expect(isDelivering({ deleted: true, operationStatus: "ENABLE" })).toBe(false);
  });
});

describe("the create form", () => {
  const usd = { advertiserId: "7000000000000000001", currency: "USD" };
  const good = {
    objective: "TRAFFIC",
    name: "Spring sale",
    budgetMode: "BUDGET_MODE_DAY",
    budgetText: "50",
    startNow: false,
  };

  it("has no problems for a campaign TikTok would take", () => {
    expect(createDraftProblems(good, usd)).toEqual({});
    expect(createDraftProblems({ ...good, budgetMode: "BUDGET_MODE_INFINITE", budgetText: "" }, usd)).toEqual({});
  });
  it("names every field's problem at once, in lib/tiktok's words", () => {
    expect(createDraftProblems({ ...good, name: "  ", objective: "", budgetText: "49.99" }, usd)).toEqual({
      name: "Give the campaign a name.",
      objective: "Choose an objective.",
      budget: "The minimum campaign budget is USD 50.00; raise the budget to at least that.",
    });
    expect(createDraftProblems({ ...good, name: "x".repeat(513) }, usd).name).toBe(
      "Campaign names are at most 512 characters; this one has 513.",
    );
    expect(createDraftProblems({ ...good, budgetText: "50.255" }, usd).budget).toBe(
      "Budgets take at most 2 decimals; use 50.26.",
    );
    expect(createDraftProblems({ ...good, budgetText: "5000.5" }, { ...usd, currency: "JPY" }).budget).toMatch(
      /^JPY budgets take whole numbers only/,
    );
    expect(createDraftProblems({ ...good, budgetMode: "" }, usd)).toEqual({ budgetMode: "Choose a budget mode." });
    expect(createDraftProblems({ ...good, objective: "SHOUTING" }, usd).objective).toMatch(/^Unknown objective/);
  });
  it("refuses a budget over the cap with the cap in money words, as the server would (issue 17, item 6)", () => {
    const huge = "1000000000000000000000";
    expect(createDraftProblems({ ...good, budgetText: huge }, usd).budget).toBe(
      "A campaign budget can be at most USD 10,000,000.00; lower the budget to that or less.",
    );
    expect(createDraftProblems({ ...good, budgetText: "9".repeat(400) }, usd).budget).toMatch(/at most USD 10,000,000/);
    expect(createDraftProblems({ ...good, budgetText: huge }, { ...usd, currency: "JPY" }).budget).toMatch(
      /^A campaign budget can be at most JPY 1,000,000,000;/,
    );
    expect(budgetEditProblem(huge, { budgetFloor: 50, budgetMode: "BUDGET_MODE_DAY" }, "USD")).toMatch(
      /at most USD 10,000,000\.00/,
    );
    // The mode check runs with an amount every rule allows, whatever the currency.
    for (const currency of ["USD", "JPY", "VND", "CHF"])
      expect(createDraftProblems(good, { ...usd, currency }).budgetMode).toBeUndefined();
  });
  it("offers current objectives only, app promotion as app installs (which lib/tiktok maps for TikTok)", () => {
    const values = CREATE_OBJECTIVES.map((o) => o.value);
    expect(values).toContain("APP_INSTALL");
    expect(values).not.toContain("APP_PROMOTION");
    expect(values).not.toContain("CONVERSIONS");
    for (const { value } of CREATE_OBJECTIVES)
      expect(createDraftProblems({ ...good, objective: value }, usd)).toEqual({});
    expect(CREATE_BUDGET_MODES.map((m) => m.value)).toEqual([
      "BUDGET_MODE_DAY",
      "BUDGET_MODE_TOTAL",
      "BUDGET_MODE_INFINITE",
    ]);
  });
  it("sends the trimmed name, and a budget only with a mode that takes one", () => {
    expect(createArgsFromDraft({ ...good, name: "  Spring sale ", budgetText: "1,000" })).toEqual({
      name: "Spring sale",
      objective: "TRAFFIC",
      budgetMode: "BUDGET_MODE_DAY",
      budget: 1000,
      startNow: false,
    });
    expect(
      createArgsFromDraft({ ...good, budgetMode: "BUDGET_MODE_INFINITE", budgetText: "75", startNow: true }),
    ).toEqual({
      name: "Spring sale",
      objective: "TRAFFIC",
      budgetMode: "BUDGET_MODE_INFINITE",
      startNow: true,
    });
  });
});

describe("editing a campaign", () => {
  it("checks a new name like TikTok would", () => {
    expect(nameEditProblem("New name")).toBeUndefined();
    expect(nameEditProblem("")).toBe("Give the campaign a name.");
    expect(nameEditProblem("\u200B\uFEFF")).toBe("Give the campaign a name.");
    expect(nameEditProblem("Line one\nline two")).toMatch(/remove the line breaks/);
  });
  it("refuses a new budget under the 105% floor and says the lowest amount TikTok takes", () => {
    const daily = { budgetMode: "BUDGET_MODE_DAY", budgetFloor: 105 };
    expect(budgetEditProblem("104.99", daily, "USD")).toBe(
      "Raise it to at least about USD 105.00: TikTok refuses a budget below 105% of what the campaign has already spent today, and checks the current spend, which may be higher than at the last sync.",
    );
    expect(budgetEditProblem("105", daily, "USD")).toBeUndefined();
    expect(budgetEditProblem("40", { budgetMode: "BUDGET_MODE_DAY", budgetFloor: null }, "USD")).toBe(
      "The minimum campaign budget is USD 50.00; raise the budget to at least that.",
    );
    expect(budgetEditProblem("abc", daily, "USD")).toBe("Enter the budget as a number, like 50 or 50.25.");
  });
  it("explains the 105% rule with this campaign's floor", () => {
    // The floor comes from the last sync's spend; TikTok checks the current one, so it is an estimate, said as one.
    expect(budgetRuleText({ budgetMode: "BUDGET_MODE_TOTAL", budgetFloor: 630 }, "USD")).toBe(
      "TikTok refuses a budget below 105% of what the campaign has spent in total so far and never under TikTok's minimum of USD 50.00. Here that means at least about USD 630.00, from the last sync's spend; TikTok checks the current spend.",
    );
    expect(budgetRuleText({ budgetMode: "BUDGET_MODE_DAY", budgetFloor: null }, "BRL")).toBe(
      "TikTok refuses a budget below 105% of what the campaign has spent today.",
    );
  });
});

describe("refusals in plain words", () => {
  const convexError = (data: Record<string, unknown>) => Object.assign(new Error("ConvexError"), { data });

  it("tells 'try again later' from 'change this', with TikTok's code and request_id", () => {
    const later = campaignFailure(
      convexError({
        code: "TIKTOK",
        message: "TikTok is busy",
        tiktokCode: 40100,
        requestId: "2024abc",
        retryLater: true,
      }),
      "pause the campaign",
    );
    expect(later).toMatchObject({
      tone: "warn",
      retryLater: true,
      title: "TikTok could not pause the campaign right now. Try again in a moment.",
      message: "TikTok is busy.",
      reference: "TikTok code 40100 · Request ID 2024abc",
    });
    const refused = campaignFailure(
      convexError({ code: "TIKTOK", message: "Budget too low.", tiktokCode: 40002, retryLater: false }),
      "change the budget",
    );
    expect(refused).toMatchObject({
      tone: "error",
      retryLater: false,
      title: "TikTok refused to change the budget. Change what it says, then try again.",
      reference: "TikTok code 40002",
    });
  });
  it("says nothing was sent for the app's own checks, and points at the field", () => {
    expect(
      campaignFailure(convexError({ code: "INVALID", field: "budget", message: "Raise the budget" }), "create it"),
    ).toMatchObject({
      field: "budget",
      message: "Raise the budget.",
      title: expect.stringMatching(/^Nothing was sent/),
    });
  });
  it("says too many changes, and when to try again, in words; the same press later is safe (issue 17, item 8)", () => {
    const failure = campaignFailure(
      convexError({
        code: "RATE_LIMITED",
        scope: "person",
        retryAfterMs: 20_000,
        message:
          "Too many campaign changes from you in a short time; nothing was sent to TikTok. Try again in 20 seconds",
      }),
      "pause “Spring sale”",
    );
    expect(failure).toMatchObject({ tone: "warn", retryLater: true, reconnect: false });
    expect(`${failure.title} ${failure.message}`).toBe(
      "Could not pause “Spring sale” yet. Too many campaign changes from you in a short time; nothing was sent to TikTok. Try again in 20 seconds.",
    );
  });
  it("sends a lost connection to Connections, and treats an unknown outcome as safe to press again", () => {
    expect(campaignFailure(convexError({ code: "NEEDS_REAUTH", message: "Reconnect" }), "x").reconnect).toBe(true);
    expect(campaignFailure(convexError({ code: "FORBIDDEN", message: "Ops can't" }), "x")).toMatchObject({
      retryLater: false,
      message: "Ops can't.",
    });
    expect(campaignFailure(new TypeError("Failed to fetch"), "create it")).toMatchObject({
      retryLater: true,
      tone: "warn",
    });
    expect(campaignFailure(new Error("[Request ID: x] Server Error"), "create it").retryLater).toBe(true);
  });
});

describe("status changes and the audit trail", () => {
  it("says which campaigns were already as asked, so nothing was sent for them (issue 17, item 8)", () => {
    const spring = { campaignId: "1", name: "Spring sale" };
    const summer = { campaignId: "2", name: "Summer sale" };
    const autumn = { campaignId: "3", name: "Autumn sale" };
    expect(statusChangeNotice("ENABLE", [spring], { campaignIds: [], unchanged: ["1"] })).toEqual({
      tone: "info",
      message: "“Spring sale” is already enabled; nothing was sent to TikTok.",
    });
    expect(statusChangeNotice("DISABLE", [spring, summer], { campaignIds: [], unchanged: ["1", "2"] })).toEqual({
      tone: "info",
      message: "These 2 campaigns are already paused; nothing was sent to TikTok.",
    });
    expect(
      statusChangeNotice("DISABLE", [spring, summer, autumn], { campaignIds: ["1"], unchanged: ["2"] }).message,
    ).toBe("Paused 1 of 3 campaigns. “Summer sale” was already paused. TikTok left “Autumn sale” as it was.");
    expect(statusChangeNotice("DISABLE", [spring, summer], { campaignIds: ["1", "2"], unchanged: [] })).toEqual({
      tone: "success",
      message: "Paused 2 campaigns.",
    });
  });
  it("words a status change", () => {
    expect(statusChangeWords("DISABLE")).toEqual({ doing: "Pausing", done: "Paused", verb: "pause" });
    expect(campaignsNamed(["Spring sale"])).toBe("“Spring sale”");
    expect(campaignsNamed(["a", "b", "c"])).toBe("3 campaigns");
  });
  it("tells each audit entry as a sentence with amounts in the account's currency", () => {
    expect(
      auditSummary(
        { action: "create", campaignIds: ["1"], campaignName: "Spring", after: { budget: 50, status: "DISABLE" } },
        "USD",
      ),
    ).toBe("Created “Spring”, budget USD 50.00, paused");
    expect(auditSummary({ action: "disable", campaignIds: ["1", "2"] }, "USD")).toBe("Paused 2 campaigns");
    expect(auditSummary({ action: "enable", campaignIds: ["1"], campaignName: "Spring" }, "USD")).toBe(
      "Enabled “Spring”",
    );
    expect(
      auditSummary(
        {
          action: "update",
          campaignIds: ["1"],
          campaignName: "Spring",
          before: { budget: 100 },
          after: { budget: 120 },
        },
        "EUR",
      ),
    ).toBe("Changed the budget of “Spring” from EUR 100.00 to EUR 120.00");
    expect(
      auditSummary(
        {
          action: "update",
          campaignIds: ["1"],
          before: { name: "Old", budget: 100 },
          after: { name: "New", budget: 120 },
        },
        "USD",
      ),
    ).toBe("Renamed “Old” to “New” and changed its budget from USD 100.00 to USD 120.00");
  });
  it("says which campaigns a bulk change touched, the first few by name and the rest counted", () => {
    const ids = ["1", "2", "3", "4", "5"];
    expect(
      auditSummary({ action: "disable", campaignIds: ["1", "2"], campaignNames: ["Spring", "Summer"] }, "USD"),
    ).toBe("Paused “Spring” and “Summer”");
    expect(auditSummary({ action: "delete", campaignIds: ids, campaignNames: ["A", "B", "C", "D", "E"] }, "USD")).toBe(
      "Deleted “A”, “B”, “C” and 2 more",
    );
  });
  it("says the value a refused change tried, not only that it failed", () => {
    expect(
      auditSummary(
        {
          action: "update",
          campaignIds: ["1"],
          campaignName: "Spring",
          before: { budget: 100 },
          after: { budget: 60 },
          outcome: "failed",
        },
        "USD",
      ),
    ).toBe("Tried to change the budget of “Spring” from USD 100.00 to USD 60.00");
    expect(
      auditSummary({ action: "disable", campaignIds: ["1", "2"], campaignNames: ["A", "B"], outcome: "failed" }, "USD"),
    ).toBe("Tried to pause “A” and “B”");
  });
});

describe("the list's view in the address", () => {
  it("round-trips every choice, and leaves defaults out of the address", () => {
    const view = {
      ...DEFAULT_LIST_VIEW,
      advertiserId: "7000000000000000001",
      status: "deleted" as const,
      objective: "TRAFFIC",
      search: "spring sale",
      sort: "budget" as const,
      order: "asc" as const,
      page: 2,
      pageSize: 50,
    };
    const search = campaignListSearch(view);
    expect(search).toBe(
      "?advertiser=7000000000000000001&status=deleted&objective=TRAFFIC&q=spring+sale&sort=budget&dir=asc&page=3&size=50",
    );
    expect(parseCampaignListView(Object.fromEntries(new URLSearchParams(search)))).toEqual(view);
    expect(campaignListSearch(DEFAULT_LIST_VIEW)).toBe("");
  });
  it("falls back to the default for anything it does not know", () => {
    expect(
      parseCampaignListView({
        advertiser: "abc",
        status: "gone",
        sort: "evil",
        dir: "up",
        page: "-1",
        size: "7",
        objective: "<b>",
      }),
    ).toEqual(DEFAULT_LIST_VIEW);
    expect(parseCampaignListView({ q: "x".repeat(300) }).search).toHaveLength(200);
  });
  it("says which rows a page shows", () => {
    expect(pageRangeText(1, 25, 87)).toBe("26–50 of 87 campaigns");
    expect(pageRangeText(0, 25, 1)).toBe("1–1 of 1 campaign");
    expect(pageRangeText(0, 25, 0)).toBe("No campaigns");
  });
});
