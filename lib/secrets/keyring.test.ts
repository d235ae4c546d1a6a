import { describe, expect, it } from "vitest";
import { KeyringError, keyringFromEnv, needsRotation, randomToken, seal, sha256Hex, unseal } from "./keyring.js";

const KEY_A = Buffer.alloc(32, 1).toString("base64");
const KEY_B = Buffer.alloc(32, 2).toString("base64");

async function keyringError(promise: Promise<unknown>): Promise<KeyringError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KeyringError);
  return error as KeyringError;
}

describe("token keyring", () => {
  it("round-trips a token bound to its record", async () => {
    const keyring = await keyringFromEnv({ TOKEN_ENCRYPTION_KEY: KEY_A });
    const sealed = await seal(keyring, "act.secret-token", "conn-1");
    expect(sealed.keyId).toBe("k1");
    expect(JSON.stringify(sealed)).not.toContain("secret-token");
    expect(await unseal(keyring, sealed, "conn-1")).toBe("act.secret-token");
  });

  it("uses a fresh nonce every time", async () => {
    const keyring = await keyringFromEnv({ TOKEN_ENCRYPTION_KEY: KEY_A });
    const [a, b] = await Promise.all([seal(keyring, "same", "c"), seal(keyring, "same", "c")]);
    expect(a.iv).not.toBe(b.iv);
    expect(a.data).not.toBe(b.data);
  });

  it("refuses a ciphertext moved to another record, or altered", async () => {
    const keyring = await keyringFromEnv({ TOKEN_ENCRYPTION_KEY: KEY_A });
    const sealed = await seal(keyring, "tok", "conn-1");
    await keyringError(unseal(keyring, sealed, "conn-2"));
    const bytes = Buffer.from(sealed.data, "base64");
    bytes[0] = bytes[0]! ^ 1;
    const error = await keyringError(unseal(keyring, { ...sealed, data: bytes.toString("base64") }, "conn-1"));
    expect(error.message).not.toContain("tok");
  });

  it("rotates: old ciphertexts still open with the old key, new ones use the new key, and say they need re-sealing", async () => {
    const before = await keyringFromEnv({ TOKEN_ENCRYPTION_KEY: KEY_A, TOKEN_ENCRYPTION_KEY_ID: "2026-01" });
    const old = await seal(before, "tok", "conn-1");
    const after = await keyringFromEnv({
      TOKEN_ENCRYPTION_KEY: KEY_B,
      TOKEN_ENCRYPTION_KEY_ID: "2026-11",
      TOKEN_ENCRYPTION_OLD_KEYS: `2026-01:${KEY_A}`,
    });
    expect(await unseal(after, old, "conn-1")).toBe("tok");
    expect(needsRotation(after, old)).toBe(true);
    const renewed = await seal(after, "tok", "conn-1");
    expect(renewed.keyId).toBe("2026-11");
    expect(needsRotation(after, renewed)).toBe(false);
  });

  it("says which key is missing when an old one was dropped too early", async () => {
    const before = await keyringFromEnv({ TOKEN_ENCRYPTION_KEY: KEY_A, TOKEN_ENCRYPTION_KEY_ID: "old" });
    const sealed = await seal(before, "tok", "c");
    const after = await keyringFromEnv({ TOKEN_ENCRYPTION_KEY: KEY_B, TOKEN_ENCRYPTION_KEY_ID: "new" });
    expect((await keyringError(unseal(after, sealed, "c"))).message).toContain('"old"');
  });

  it.each([
    [{}, "TOKEN_ENCRYPTION_KEY is not set"],
    [{ TOKEN_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") }, "must be 32 bytes"],
    [{ TOKEN_ENCRYPTION_KEY: "%%%not base64%%%" }, "not valid base64"],
    [{ TOKEN_ENCRYPTION_KEY: KEY_A, TOKEN_ENCRYPTION_OLD_KEYS: "nocolon" }, "id:base64key"],
    [{ TOKEN_ENCRYPTION_KEY: KEY_A, TOKEN_ENCRYPTION_OLD_KEYS: `k1:${KEY_B}` }, "repeats the key id k1"],
  ])("explains a bad configuration %j", async (env, message) => {
    const error = await keyringError(keyringFromEnv(env));
    expect(error.message).toContain(message);
    expect(error.message).not.toContain(KEY_A);
  });

  // The key material must never reach a message: it becomes a connection's lastError (shown to ops) and a log line.
  const KEY_C = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256)).toString("base64");
  it.each([
    [
      "an old key written key:id",
      { TOKEN_ENCRYPTION_KEY: KEY_A, TOKEN_ENCRYPTION_OLD_KEYS: `${KEY_C}:old` },
      "check that id and key are not swapped",
    ],
    [
      "an old key written key:id among good ones",
      { TOKEN_ENCRYPTION_KEY: KEY_A, TOKEN_ENCRYPTION_OLD_KEYS: `k0:${KEY_B},${KEY_C}:k9` },
      "entry 2 of 2",
    ],
    [
      "an old key with a short id and a broken key",
      { TOKEN_ENCRYPTION_KEY: KEY_A, TOKEN_ENCRYPTION_OLD_KEYS: `old:${KEY_C.slice(0, 20)}` },
      "must be 32 bytes",
    ],
    [
      "the key pasted as the key id",
      { TOKEN_ENCRYPTION_KEY: KEY_A, TOKEN_ENCRYPTION_KEY_ID: KEY_C },
      "TOKEN_ENCRYPTION_KEY_ID must be",
    ],
    [
      "a current key that is not base64",
      { TOKEN_ENCRYPTION_KEY: `${KEY_C}!` },
      "TOKEN_ENCRYPTION_KEY is not valid base64",
    ],
  ])("never puts key material into the error: %s", async (_, env, message) => {
    const error = await keyringError(keyringFromEnv(env));
    expect(error.message).toContain(message);
    for (const secret of [KEY_A, KEY_B, KEY_C, KEY_C.slice(0, 20)]) expect(error.message).not.toContain(secret);
  });

  it("names a missing key's id only when it looks like an id", async () => {
    const sealed = { keyId: KEY_C, iv: "AAAAAAAAAAAAAAAA", data: "AAAA" };
    const error = await keyringError(unseal(await keyringFromEnv({ TOKEN_ENCRYPTION_KEY: KEY_A }), sealed, "c"));
    expect(error.message).not.toContain(KEY_C);
    expect(error.message).toContain("TOKEN_ENCRYPTION_OLD_KEYS");
  });

  it("hashes and makes unguessable tokens", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const tokens = new Set(Array.from({ length: 100 }, () => randomToken()));
    expect(tokens.size).toBe(100);
    expect([...tokens][0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
