import { describe, expect, it } from "vitest";
import { CAMPAIGN_LIST } from "../campaigns/list";
import { REPORT_TABLE } from "../reports/table";
import { compareBy, defineList, isSort, nextSort, pageWindow, searchNeedle } from "./contract";

describe("a list contract", () => {
  it("sorts a new column in its natural order and flips the current one", () => {
    expect(nextSort(CAMPAIGN_LIST, { sort: "created", order: "desc" }, "name")).toEqual({ sort: "name", order: "asc" });
    expect(nextSort(CAMPAIGN_LIST, { sort: "name", order: "asc" }, "name")).toEqual({ sort: "name", order: "desc" });
    expect(nextSort(CAMPAIGN_LIST, { sort: "name", order: "asc" }, "spend7d")).toEqual({
      sort: "spend7d",
      order: "desc",
    });
    expect(nextSort(REPORT_TABLE, { sort: "spend", order: "desc" }, "spend")).toEqual({ sort: "spend", order: "asc" });
    expect(nextSort(REPORT_TABLE, { sort: "spend", order: "desc" }, "cpc")).toEqual({ sort: "cpc", order: "desc" });
    expect(nextSort(REPORT_TABLE, { sort: "spend", order: "desc" }, "status")).toEqual({
      sort: "status",
      order: "asc",
    });
  });

  it("offers every figure of the catalogue as a report sort, and knows its own sorts only", () => {
    expect(isSort(REPORT_TABLE, "costPerConversion")).toBe(true);
    expect(isSort(REPORT_TABLE, "spend7d")).toBe(false);
    expect(isSort(CAMPAIGN_LIST, "spend7d")).toBe(true);
    expect(isSort(CAMPAIGN_LIST, undefined)).toBe(false);
  });

  it("puts 'no value' last in either order and breaks ties so pages are stable", () => {
    const rows = [
      { id: "3", name: "b", value: null },
      { id: "2", name: "a", value: 5 },
      { id: "1", name: "a", value: 5 },
      { id: "4", name: "c", value: 9 },
    ];
    const tie = (x: { name: string; id: string }, y: { name: string; id: string }) =>
      x.name.localeCompare(y.name) || x.id.localeCompare(y.id);
    const ids = (order: "asc" | "desc") =>
      [...rows].sort(compareBy((r: (typeof rows)[number]) => r.value, order, tie)).map((r) => r.id);
    expect(ids("asc")).toEqual(["1", "2", "4", "3"]);
    expect(ids("desc")).toEqual(["4", "1", "2", "3"]);
  });

  it("reads a search trimmed and lower-cased, and nothing as nothing", () => {
    expect(searchNeedle("  Spring SALE ")).toBe("spring sale");
    expect(searchNeedle("   ")).toBeUndefined();
    expect(searchNeedle(undefined)).toBeUndefined();
  });

  it("cuts a page, showing the last page for one past the end", () => {
    expect(pageWindow(87, 1, 25)).toEqual({ page: 1, pageCount: 4, start: 25, end: 50 });
    expect(pageWindow(87, 9, 25)).toEqual({ page: 3, pageCount: 4, start: 75, end: 87 });
    expect(pageWindow(0, 0, 25)).toEqual({ page: 0, pageCount: 0, start: 0, end: 0 });
  });

  it("is declared as data", () => {
    const list = defineList({
      sorts: ["a", "b"],
      ascendingFirst: ["a"],
      defaultSort: "b",
      defaultOrder: "desc",
      pageSizes: [10],
      maxPageSize: 10,
    });
    expect(nextSort(list, { sort: "b", order: "desc" }, "a").order).toBe("asc");
  });
});
