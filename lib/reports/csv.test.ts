import { describe, expect, it } from "vitest";
import { campaignCsv, campaignDayCsv, csvFileName, csvFileText, UTF8_BYTE_ORDER_MARK } from "./csv";
import { figures, metricValues } from "../metrics/sums";

const f = figures(metricValues({ spend: 1_234_567, impressions: 1000, clicks: 10, conversions: 2 }));

/** One CSV line's cells, quotes kept (a quoted comma stays in its cell). */
function cells(line: string): string[] {
  const out = [""];
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (ch === "," && !quoted) out.push("");
    else out[out.length - 1] += ch;
  }
  return out;
}

/** The CSV's lines after the header, as cells by column name. */
function table(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv.split("\r\n").filter(Boolean);
  const names = cells(header!);
  return lines.map((line) => Object.fromEntries(cells(line).map((cell, i) => [names[i], cell])));
}

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
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv.split("\r\n")[0]).toMatch(
      /^From,To,Campaign ID,Campaign,Status,Objective,Currency,Spend,Impressions,Clicks,CTR \(%\),CPC,CPM,Conversions,/,
    );
    const figuresOf = {
      Currency: "USD",
      Spend: "1234.57",
      Impressions: "1000",
      Clicks: "10",
      "CTR (%)": "1.00",
      CPC: "123.46",
      CPM: "1234.57",
      Conversions: "2",
      "Cost per conversion": "617.28",
    };
    expect(table(csv)).toEqual([
      expect.objectContaining({
        From: "2026-11-01",
        To: "2026-11-07",
        "Campaign ID": "1800000000000000001",
        Campaign: '"Spring, sale"',
        Status: "Active",
        Objective: "Traffic",
        ...figuresOf,
      }),
      expect.objectContaining({ "Campaign ID": "", Campaign: "Total", Status: "", Objective: "", ...figuresOf }),
    ]);
  });
  it("writes whole units for currencies without decimals, and leaves 'no value' empty, not 0", () => {
    const csv = campaignCsv({
      from: "2026-11-01",
      to: "2026-11-01",
      currency: "JPY",
      rows: [],
      totals: figures(metricValues({ spend: 1_500_000, impressions: 0, clicks: 0, conversions: null })),
    });
    expect(table(csv)).toEqual([
      expect.objectContaining({
        Campaign: "Total",
        Spend: "1500",
        Impressions: "0",
        Clicks: "0",
        "CTR (%)": "",
        CPC: "",
        CPM: "",
        Conversions: "",
        "Cost per conversion": "",
      }),
    ]);
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

describe("the campaign × day CSV", () => {
  const g = figures(metricValues({ spend: 500_000, impressions: 100, clicks: 0, conversions: 0 }));
  it("has one line per campaign and day, by date then campaign name, and no totals line", () => {
    const csv = campaignDayCsv({
      currency: "EUR",
      campaigns: [
        {
          campaignId: "2",
          name: "Zebra",
          status: "Active",
          objective: "Traffic",
          days: [
            { date: "2026-11-02", figures: f },
            { date: "2026-11-01", figures: g },
          ],
        },
        {
          campaignId: "1",
          name: "Café crème",
          status: "Paused",
          objective: "Reach",
          days: [{ date: "2026-11-02", figures: g }],
        },
      ],
    });
    expect(csv.split("\r\n")[0]).toMatch(/^Date,Campaign ID,Campaign,Status,Objective,Currency,Spend,Impressions,/);
    expect(table(csv).map((r) => [r.Date, r.Campaign, r.Spend, r.Impressions, r["CTR (%)"]])).toEqual([
      ["2026-11-01", "Zebra", "500.00", "100", "0.00"],
      ["2026-11-02", "Café crème", "500.00", "100", "0.00"],
      ["2026-11-02", "Zebra", "1234.57", "1000", "1.00"],
    ]);
    expect(table(csv).every((r) => r.Currency === "EUR")).toBe(true);
  });
  it("writes an empty export as its header alone", () => {
    expect(campaignDayCsv({ currency: "USD", campaigns: [] }).split("\r\n").filter(Boolean)).toHaveLength(1);
  });
});

describe("the CSV file", () => {
  it("starts with a UTF-8 byte-order mark, once, so Excel keeps non-ASCII names", () => {
    const text = csvFileText("Campaign\r\nCafé 東京\r\n");
    expect([...new TextEncoder().encode(text).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csvFileText(text)).toBe(text);
    expect(text.slice(UTF8_BYTE_ORDER_MARK.length)).toBe("Campaign\r\nCafé 東京\r\n");
  });
  it("is named by what it holds, the account, the currency and the dates", () => {
    const range = { currency: "JPY", from: "2026-12-01", to: "2026-12-07" };
    expect(csvFileName({ kind: "campaigns", account: { name: "Kite & Kettle JP", advertiserId: "7" }, ...range })).toBe(
      "tiktok-campaigns_kite-kettle-jp_JPY_2026-12-01_to_2026-12-07.csv",
    );
    expect(
      csvFileName({ kind: "campaigns-by-day", account: { name: "東京 Café / 2", advertiserId: "7" }, ...range }),
    ).toBe("tiktok-campaigns-by-day_東京-café-2_JPY_2026-12-01_to_2026-12-07.csv");
    expect(csvFileName({ kind: "campaigns", account: { name: "../..", advertiserId: "7001" }, ...range })).toBe(
      "tiktok-campaigns_7001_JPY_2026-12-01_to_2026-12-07.csv",
    );
  });
});
