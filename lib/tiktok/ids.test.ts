import { describe, expect, it } from "vitest";
import { isRequestId, requestIdFor } from "./ids";

describe("requestIdFor: TikTok's request_id from an operation key", () => {
  it("is a valid request_id, the same for the same key and different for another", async () => {
    const a = await requestIdFor("workspace:key-1");
    expect(isRequestId(a)).toBe(true);
    expect(await requestIdFor("workspace:key-1")).toBe(a);
    expect(await requestIdFor("workspace:key-2")).not.toBe(a);
  });
});
