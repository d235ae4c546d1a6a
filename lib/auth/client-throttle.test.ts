import { describe, expect, it } from "vitest";
import { clientAddress, codeRequestThrottle, mayMailCode } from "./client-throttle";

const signInCall = (params: Record<string, unknown>, ip = "203.0.113.7", path = "/api/auth") =>
  new Request(`http://localhost:3000${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": `${ip}, 10.0.0.1` },
    body: JSON.stringify({ action: "auth:signIn", args: { provider: "password", params } }),
  });

describe("the per-client limit on code emails (proxy.ts)", () => {
  it("counts only the requests that can email a code", async () => {
    expect(await mayMailCode(signInCall({ flow: "signUp", email: "a@b.test", password: "x" }))).toBe(true);
    expect(await mayMailCode(signInCall({ flow: "reset", email: "a@b.test" }))).toBe(true);
    expect(await mayMailCode(signInCall({ flow: "email-verification", email: "a@b.test" }))).toBe(true);
    expect(await mayMailCode(signInCall({ flow: "email-verification", email: "a@b.test", code: "1" }))).toBe(false);
    expect(await mayMailCode(signInCall({ flow: "signIn", email: "a@b.test", password: "x" }))).toBe(false);
    expect(await mayMailCode(signInCall({ flow: "reset" }, "203.0.113.7", "/api/other"))).toBe(false);
    expect(await mayMailCode(new Request("http://localhost:3000/api/auth", { method: "POST", body: "{" }))).toBe(false);
  });

  it("lets a client ask a few times, then answers as if a code were sent, until its bucket refills", async () => {
    let clock = 1_000_000;
    const throttle = codeRequestThrottle({ burst: 3, refillMs: 60_000, now: () => clock });
    const ask = (ip?: string) => throttle(signInCall({ flow: "reset", email: "a@b.test" }, ip));
    for (let i = 0; i < 3; i++) expect(await ask()).toBeNull();
    const throttled = await ask();
    expect(throttled?.status).toBe(200);
    expect(await throttled?.json()).toEqual({ tokens: null });
    // Another client is not affected; signing in with a password never is.
    expect(await ask("198.51.100.1")).toBeNull();
    expect(await throttle(signInCall({ flow: "signIn", email: "a@b.test", password: "x" }))).toBeNull();
    clock += 60_000;
    expect(await ask()).toBeNull();
    expect(await ask()).not.toBeNull();
  });

  it("remembers a bounded number of clients", async () => {
    let clock = 0;
    const throttle = codeRequestThrottle({ burst: 1, maxClients: 2, now: () => clock });
    const ask = (ip: string) => throttle(signInCall({ flow: "signUp" }, ip));
    expect(await ask("192.0.2.1")).toBeNull();
    expect(await ask("192.0.2.2")).toBeNull();
    expect(await ask("192.0.2.3")).toBeNull(); // 192.0.2.1 is forgotten
    clock += 1;
    expect(await ask("192.0.2.1")).toBeNull();
    expect(await ask("192.0.2.3")).not.toBeNull();
  });

  it("reads the client's address from the proxy in front", () => {
    expect(clientAddress(signInCall({}, "203.0.113.9"))).toBe("203.0.113.9");
    expect(clientAddress(new Request("http://x/", { headers: { "x-real-ip": "198.51.100.4" } }))).toBe("198.51.100.4");
    expect(clientAddress(new Request("http://x/"))).toBe("unknown");
  });
});
