// The sync protocol as ConvexClient (the same engine as ConvexReactClient) speaks it, and on the wire.
import { ConvexError } from "convex/values";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { WebSocket } from "ws";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import {
  eventually,
  seedInvite,
  seedWorkspace,
  startTestGateway,
  TIKTOK_TEST_ENV,
  type TestGateway,
} from "./test-support.js";
import { decodeTs } from "./wire.js";

type MemberList = { members: { email?: string }[]; invites: { email: string }[] };

let gw: TestGateway;
let world: Awaited<ReturnType<typeof seedWorkspace>>;

beforeAll(async () => {
  gw = await startTestGateway({ env: TIKTOK_TEST_ENV });
  world = await seedWorkspace(gw);
});
afterAll(() => gw?.close());

const workspaceId = () => world.workspace as Id<"workspaces">;

/** Watches the member list until it shows a pending invitation for `email`. */
async function eventuallyWatching(email: string) {
  const watched = await watchMembers(gw.tokenFor(world.users.admin));
  await eventually(() => watched.latest().invites.some((i) => i.email === email) || undefined);
  return watched;
}

/** Subscribes to the admin's member list and keeps every value the client reports. */
async function watchMembers(token: string) {
  const client = gw.client(token);
  const seen: MemberList[] = [];
  client.onUpdate(api.workspaces.members.list, { workspaceId: workspaceId() }, (value) => seen.push(value));
  await eventually(() => seen.at(-1));
  return { client, seen, latest: () => seen.at(-1)! };
}

describe("ConvexClient against the gateway", () => {
  test("a mutation resolves only once its subscription shows the write", async () => {
    const { inviteId } = await seedInvite(gw, world, "mine@a.test");
    const { client, latest } = await eventuallyWatching("mine@a.test");
    await client.mutation(api.workspaces.members.cancelInvite, {
      workspaceId: workspaceId(),
      inviteId: inviteId as Id<"invitations">,
    });
    // No waiting: the client resolves the mutation in the same Transition that carries its write.
    expect(latest().invites.map((i) => i.email)).not.toContain("mine@a.test");
  });

  test("writes made elsewhere reach the subscription live", async () => {
    const { inviteId } = await seedInvite(gw, world, "other-client@a.test");
    const { latest } = await eventuallyWatching("other-client@a.test");
    await gw.http(gw.tokenFor(world.users.admin)).mutation(api.workspaces.members.cancelInvite, {
      workspaceId: workspaceId(),
      inviteId: inviteId as Id<"invitations">,
    });
    await eventually(() => !latest().invites.some((i) => i.email === "other-client@a.test") || undefined);
    // And a write no client made (a test seeding data), found by the gateway's commit polling.
    await seedInvite(gw, world, "seeded@a.test");
    await eventually(() => latest().invites.some((i) => i.email === "seeded@a.test") || undefined);
  });

  test("a failing query reaches onError with its ConvexError data, and stops failing when allowed", async () => {
    const client = gw.client(gw.tokenFor(world.users.admin));
    const errors: unknown[] = [];
    client.onUpdate(
      api.workspaces.members.list,
      { workspaceId: world.otherWorkspace as Id<"workspaces"> },
      () => {},
      (e) => errors.push(e),
    );
    const error = await eventually(() => errors[0]);
    expect(error).toBeInstanceOf(ConvexError);
    expect((error as ConvexError<{ code: string }>).data.code).toBe("FORBIDDEN");
  });

  test("mutation and action results and errors reach the caller", async () => {
    const admin = gw.client(gw.tokenFor(world.users.admin));
    const { url } = await admin.action(api.tiktok.connections.start, { workspaceId: workspaceId() });
    expect(url).toContain("state=");
    const bad = await admin.mutation(api.workspaces.invites.accept, { token: "nope" }).catch((e: unknown) => e);
    expect((bad as ConvexError<{ code: string }>).data.code).toBe("INVITE_INVALID");
    const ops = gw.client(gw.tokenFor(world.users.ops));
    const refused = await ops
      .action(api.tiktok.connections.start, { workspaceId: workspaceId() })
      .catch((e: unknown) => e);
    expect((refused as ConvexError<{ code: string }>).data.code).toBe("FORBIDDEN");
  });

  test("after the server drops the connection, the client reconnects and its subscription keeps updating", async () => {
    const token = gw.tokenFor(world.users.admin);
    const { client, latest } = await watchMembers(token);
    expect(gw.dropConnections()).toBeGreaterThan(0);
    await eventually(() => {
      const state = client.connectionState();
      return state.connectionCount >= 2 && state.isWebSocketConnected ? true : undefined;
    });
    const first = await seedInvite(gw, world, "after-reconnect@a.test");
    const second = await seedInvite(gw, world, "over-new-socket@a.test");
    await eventually(() => latest().invites.some((i) => i.email === "over-new-socket@a.test") || undefined);
    await gw.http(token).mutation(api.workspaces.members.cancelInvite, {
      workspaceId: workspaceId(),
      inviteId: first.inviteId as Id<"invitations">,
    });
    await eventually(() => !latest().invites.some((i) => i.email === "after-reconnect@a.test") || undefined);
    // Mutations over the new socket work too.
    await client.mutation(api.workspaces.members.cancelInvite, {
      workspaceId: workspaceId(),
      inviteId: second.inviteId as Id<"invitations">,
    });
    expect(latest().invites.map((i) => i.email)).not.toContain("over-new-socket@a.test");
  });
});

/** A bare protocol connection: send messages, await the next one of a type. */
async function rawConnection() {
  const ws = new WebSocket(`${gw.url.replace(/^http/, "ws")}/api/1.48.0/sync`);
  const inbox: Record<string, any>[] = [];
  const waiters: (() => void)[] = [];
  ws.on("message", (data) => {
    const text = Buffer.isBuffer(data)
      ? data.toString("utf8")
      : Array.isArray(data)
        ? Buffer.concat(data).toString("utf8")
        : Buffer.from(data).toString("utf8");
    inbox.push(JSON.parse(text) as Record<string, any>);
    waiters.splice(0).forEach((w) => w());
  });
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  return {
    send: (message: Record<string, unknown>) => ws.send(JSON.stringify(message)),
    async next(type: string): Promise<Record<string, any>> {
      for (;;) {
        const i = inbox.findIndex((m) => m.type === type);
        if (i >= 0) return inbox.splice(i, 1)[0]!;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    close: () => ws.close(),
  };
}

describe("the wire", () => {
  test("versions chain, ts is a little-endian u64, and a re-sent mutation is answered without running again", async () => {
    const [extra] = await gw.seed("users", { email: "extra@a.test" });
    const token = gw.tokenFor(extra!);
    // Accepting an invitation runs once: a second run would fail, the link being used up.
    const invite = await seedInvite(gw, world, "extra@a.test");
    const mutation = {
      type: "Mutation",
      requestId: 0,
      udfPath: "workspaces/invites:accept",
      args: [{ token: invite.token }],
    };

    const first = await rawConnection();
    first.send({
      type: "Connect",
      sessionId: "session-a",
      connectionCount: 0,
      lastCloseReason: null,
      clientTs: Date.now(),
    });
    first.send({ type: "Authenticate", tokenType: "User", value: token, baseVersion: 0 });
    const authed = await first.next("Transition");
    expect(authed.startVersion).toEqual({ querySet: 0, identity: 0, ts: "AAAAAAAAAAA=" });
    expect(authed.endVersion.identity).toBe(1);

    first.send({
      type: "ModifyQuerySet",
      baseVersion: 0,
      newVersion: 1,
      modifications: [{ type: "Add", queryId: 7, udfPath: "workspaces/members:mine", args: [{}] }],
    });
    const subscribed = await first.next("Transition");
    expect(subscribed.startVersion).toEqual(authed.endVersion);
    expect(subscribed.endVersion.querySet).toBe(1);
    expect(subscribed.modifications).toEqual([
      { type: "QueryUpdated", queryId: 7, value: [], logLines: [], journal: null },
    ]);

    first.send(mutation);
    const response = await first.next("MutationResponse");
    expect(response).toMatchObject({
      success: true,
      requestId: 0,
      result: { workspaceId: world.workspace },
      logLines: [],
    });
    const after = await first.next("Transition");
    expect(after.startVersion).toEqual(subscribed.endVersion);
    expect(decodeTs(after.endVersion.ts)).toBeGreaterThanOrEqual(decodeTs(response.ts as string));
    first.close();

    // The client re-sends unacknowledged-as-visible mutations after a reconnect, under the same session id.
    const second = await rawConnection();
    second.send({
      type: "Connect",
      sessionId: "session-a",
      connectionCount: 1,
      lastCloseReason: "closed",
      clientTs: Date.now(),
    });
    second.send({ type: "Authenticate", tokenType: "User", value: token, baseVersion: 0 });
    await second.next("Transition");
    second.send(mutation);
    const again = await second.next("MutationResponse");
    expect(again).toEqual(response); // a second run would have failed: the link is used up
    await second.next("Transition");
    second.close();

    const { body } = await gw.control<{ documents: { userId: string }[] }>("/_gateway/tables/members");
    expect(body.documents.filter((m) => m.userId === extra)).toHaveLength(1);
  });

  test("a ModifyQuerySet from the wrong base version is a fatal protocol error", async () => {
    const conn = await rawConnection();
    conn.send({
      type: "Connect",
      sessionId: "session-b",
      connectionCount: 0,
      lastCloseReason: null,
      clientTs: Date.now(),
    });
    conn.send({ type: "ModifyQuerySet", baseVersion: 3, newVersion: 4, modifications: [] });
    expect((await conn.next("FatalError")).error).toContain("version 3");
  });
});
