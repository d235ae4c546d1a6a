import { describe, expect, it } from "vitest";
import { inviteExpiry, inviteLink, inviteTokenFromHash, roleLabel, ROLE_CHOICES, whomToAsk } from "./members";

describe("members wording", () => {
  it("names each role and what it may do, in the order lib/workspaces/roles.ts lists them", () => {
    expect(ROLE_CHOICES.map((r) => r.value)).toEqual(["admin", "marketer", "ops"]);
    expect(roleLabel("ops")).toBe("Ops");
  });
  it("puts an invitation's secret in the link's fragment, and reads it back only when it looks like one", () => {
    const token = "AbC_-123456789012345678901234567890123456789";
    const link = inviteLink("https://ads.example.com", token);
    expect(link).toBe(`https://ads.example.com/invite#token=${token}`);
    expect(inviteTokenFromHash(new URL(link).hash)).toBe(token);
    expect(inviteTokenFromHash("")).toBeNull();
    expect(inviteTokenFromHash("#token=short")).toBeNull();
    expect(inviteTokenFromHash("#token=<script>alert(1)</script>xxxxxxxxxxxxxxxx")).toBeNull();
  });
  it("says when an invitation expires", () => {
    const now = 1_000_000_000_000;
    expect(inviteExpiry(now + 7 * 86_400_000, now)).toBe("Expires in 7 days");
    expect(inviteExpiry(now + 7 * 86_400_000 - 60_000, now)).toBe("Expires in 7 days");
    expect(inviteExpiry(now + 7 * 86_400_000 + 30_000, now)).toBe("Expires in 7 days");
    expect(inviteExpiry(now + 3 * 3_600_000, now)).toBe("Expires in 3 hours");
    expect(inviteExpiry(now + 60_000, now)).toBe("Expires within the hour");
    expect(inviteExpiry(now - 1, now)).toBe("Expired");
  });
  it("names the admins a member without admin rights can ask, and never an empty name", () => {
    const ops = { email: "ops@x.test", role: "ops" as const };
    expect(whomToAsk([ops, { email: "a@x.test", role: "admin" }])).toBe("a@x.test");
    expect(whomToAsk([{ email: "a@x.test", role: "admin" }, ops, { email: "b@x.test", role: "admin" }])).toBe(
      "a@x.test or b@x.test",
    );
    expect(whomToAsk(["a", "b", "c"].map((n) => ({ email: `${n}@x.test`, role: "admin" as const })))).toBe(
      "an admin (a@x.test, b@x.test or another)",
    );
    expect(whomToAsk([ops, { role: "admin" }])).toBe("an admin");
  });
});
