import { describe, expect, it } from "vitest";
import { campaignCsv } from "./csv";
import { figures } from "../metrics/sums";

const f = figures({ spend: 1_234_567, impressions: 1000, clicks: 10, conversions: 2 });

describe("the campaign CSV", () => {
  it("has a header, one line per row in order, and the totals row; amounts at the currency's precision", () => {
    const csv = campaignCsv({
      from: "2026-11-01",
      to: "2026-11-07",
      currency: "USD",
      rows: [
        { campaignId: "1800000000000000001", name: "Spring, sale", status: "Active", objective: "Traffic", figures: f },
      ],
      totals: f,
    });
    expect(csv.split("\r\n")).toEqual([
      "From,To,Campaign ID,Campaign,Status,Objective,Currency,Spend,Impressions,Clicks,CTR (%),CPC,CPM,Conversions,Cost per conversion",
      '2026-11-01,2026-11-07,1800000000000000001,"Spring, sale",Active,Traffic,USD,1234.57,1000,10,1.00,123.46,1234.57,2,617.28',
      "2026-11-01,2026-11-07,,Total,,,USD,1234.57,1000,10,1.00,123.46,1234.57,2,617.28",
      "",
    ]);
  });
  it("writes whole units for currencies without decimals, and leaves 'no value' empty, not 0", () => {
    const csv = campaignCsv({
      from: "2026-11-01",
      to: "2026-11-01",
      currency: "JPY",
      rows: [],
      totals: figures({ spend: 1_500_000, impressions: 0, clicks: 0, conversions: null }),
    });
    expect(csv.split("\r\n")[1]).toBe("2026-11-01,2026-11-01,,Total,,,JPY,1500,0,0,,,,,");
  });
  it("never lets a campaign name run as a spreadsheet formula", () => {
    const csv = campaignCsv({
      from: "2026-11-01",
      to: "2026-11-01",
      currency: "USD",
      rows: [{ campaignId: "1", name: '=HYPERLINK("http://evil.test","x")', status: "", objective: "", figures: f }],
      totals: f,
    });
    expect(csv.split("\r\n")[1]).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")"`);
  });
});
