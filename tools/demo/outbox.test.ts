// The demo prints each captured sign-in code once, keeps quiet while the gateway does not answer, and stops polling.
import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { PATIENTLY } from "../testing/clock.js";
import { codeLine, watchOutbox, type OutboxEmail, type OutboxWatcher } from "./outbox.js";

let server: Server | undefined;
let watcher: OutboxWatcher | undefined;

afterEach(async () => {
  watcher?.stop();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A stand-in for the gateway's door; `answer` decides each response. */
async function door(answer: () => { status: number; body: unknown }): Promise<{ url: string; requests: () => number }> {
  let count = 0;
  server = createServer((req, res) => {
    count++;
    expect(req.url).toBe("/_gateway/tables/emailOutbox");
    const { status, body } = answer();
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, requests: () => count };
}

const email = (id: string, to: string, code: string, at: number): OutboxEmail => ({
  _id: id,
  to,
  subject: "Your sign-in code",
  code,
  at,
});

describe("the demo's outbox watcher", () => {
  it("prints each new code once, oldest first, and nothing while the door fails", async () => {
    let documents: OutboxEmail[] = [];
    let failing = false;
    const gateway = await door(() =>
      failing ? { status: 500, body: { error: "down" } } : { status: 200, body: { documents } },
    );
    const printed: string[] = [];
    watcher = watchOutbox({ gatewayUrl: gateway.url, intervalMs: 20, print: (e) => printed.push(codeLine(e)) });

    documents = [email("b", "two@corp.test", "22222222", 2), email("a", "lead@corp.test", "12345678", 1)];
    await expect.poll(() => printed.length, PATIENTLY).toBe(2);
    failing = true;
    const before = gateway.requests();
    await expect.poll(() => gateway.requests(), PATIENTLY).toBeGreaterThan(before + 2);
    failing = false;
    documents = [...documents, email("c", "lead@corp.test", "87654321", 3)];
    await expect.poll(() => printed.length, PATIENTLY).toBe(3);
    // Two more polls answer the same three emails: nothing more is printed.
    const printedAll = gateway.requests();
    await expect.poll(() => gateway.requests(), PATIENTLY).toBeGreaterThan(printedAll + 2);
    expect(printed).toEqual([
      "✉  Sign-in code for lead@corp.test: 12345678 (the demo keeps emails instead of sending them)",
      "✉  Sign-in code for two@corp.test: 22222222 (the demo keeps emails instead of sending them)",
      "✉  Sign-in code for lead@corp.test: 87654321 (the demo keeps emails instead of sending them)",
    ]);
  });

  it("stays quiet when nothing answers, and stops polling when stopped", async () => {
    // Stopped while its third poll is at the door: that poll is the last there is.
    let stoppedAt: number | undefined;
    const gateway = await door(() => {
      if (gateway.requests() === 3) {
        watcher!.stop();
        stoppedAt = gateway.requests();
      }
      return { status: 200, body: { documents: [] } };
    });
    const printed: OutboxEmail[] = [];
    watcher = watchOutbox({ gatewayUrl: gateway.url, intervalMs: 10, print: (e) => printed.push(e) });
    await expect.poll(() => stoppedAt, PATIENTLY).toBe(3);
    // Ten polling intervals later, no other poll has come.
    await new Promise((r) => setTimeout(r, 100));
    expect(gateway.requests()).toBe(3);

    // A gateway that is gone: no throw, no output.
    const gone = watchOutbox({ gatewayUrl: "http://127.0.0.1:9", intervalMs: 10, print: (e) => printed.push(e) });
    await new Promise((r) => setTimeout(r, 100));
    gone.stop();
    expect(printed).toEqual([]);
  });
});
