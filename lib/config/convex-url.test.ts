import { describe, expect, it } from "vitest";
import { convexUrl } from "./convex-url";

describe("convexUrl", () => {
  it("prefers CONVEX_URL, which next build never inlines, over NEXT_PUBLIC_CONVEX_URL", () => {
    expect(
      convexUrl({
        CONVEX_URL: "http://127.0.0.1:3210",
        NEXT_PUBLIC_CONVEX_URL: "https://happy-otter-123.convex.cloud",
      }),
    ).toBe("http://127.0.0.1:3210");
  });

  it("falls back to NEXT_PUBLIC_CONVEX_URL, and to nothing", () => {
    expect(convexUrl({ NEXT_PUBLIC_CONVEX_URL: "https://happy-otter-123.convex.cloud" })).toBe(
      "https://happy-otter-123.convex.cloud",
    );
    expect(convexUrl({ CONVEX_URL: " ", NEXT_PUBLIC_CONVEX_URL: "" })).toBeUndefined();
  });
});
