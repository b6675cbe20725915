import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createPayloadCodec,
  PAYLOAD_LIMITS,
  type ButtonAction,
  type EncodeResult,
} from "../../src/channels/shared/payload-codec.js";

const codec = createPayloadCodec({ secret: "test-secret" });

function payloadOf(result: EncodeResult): string {
  if (!result.ok) throw new Error(`expected an encoded payload, got ${result.reason}: ${result.detail}`);
  return result.payload;
}

describe("payload codec", () => {
  it("binds a signature to the chat it was sent to, at no cost in bytes", () => {
    const action: ButtonAction = { type: "forget", value: "yes:1796300000" };
    for (const channel of ["telegram", "vk", "max"] as const) {
      const bound = payloadOf(codec.encode(channel, action, "100200300"));
      expect(codec.decode(channel, bound, "100200300")).toEqual({ ok: true, action });
      expect(codec.decode(channel, bound, "100200301")).toEqual({ ok: false, reason: "bad_signature" });
      expect(codec.decode(channel, bound)).toEqual({ ok: false, reason: "bad_signature" });
      expect(bound.length).toBe(payloadOf(codec.encode(channel, action)).length);
    }
    // The longest chat ids still leave a full answer button within Telegram's 64 bytes.
    const answer: ButtonAction = {
      type: "answer",
      session: 2_000_000_000,
      question: "q".repeat(20),
      value: "v".repeat(16),
      page: 99,
    };
    expect(codec.encode("telegram", answer, "-1001234567890").ok).toBe(true);
  });

  it("round-trips an action on every channel", () => {
    const action: ButtonAction = {
      type: "answer",
      session: 123456,
      question: "goal",
      value: "grades",
      page: 3,
    };
    for (const channel of ["telegram", "vk", "max", "console"] as const) {
      const payload = payloadOf(codec.encode(channel, action));
      expect(codec.decode(channel, payload)).toEqual({ ok: true, action });
    }
  });

  it("round-trips actions with only some fields, keeping absent ones absent", () => {
    const actions: ButtonAction[] = [
      { type: "back" },
      { type: "skip", session: 0 },
      { type: "page", page: 0 },
      { type: "lang", value: "en" },
      { type: "toggle", session: 7, question: "interests", value: "sport" },
    ];
    for (const action of actions) {
      const decoded = codec.decode("telegram", payloadOf(codec.encode("telegram", action)));
      expect(decoded).toEqual({ ok: true, action });
    }
  });

  it("round-trips any action that fits, and never lets an encoded payload exceed the platform limit", () => {
    const action = fc.record(
      {
        type: fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/),
        session: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        question: fc.stringMatching(/^[a-z_]{1,20}$/),
        value: fc.stringMatching(/^[a-zа-яё0-9 -]{1,30}$/),
        page: fc.nat({ max: 9999 }),
      },
      { requiredKeys: ["type"] },
    );
    fc.assert(
      fc.property(action, fc.constantFrom<"telegram" | "vk">("telegram", "vk"), (a, channel) => {
        const encoded = codec.encode(channel, a);
        if (!encoded.ok) {
          expect(encoded.reason).toBe("oversized");
          return;
        }
        const size =
          channel === "telegram" ? Buffer.byteLength(encoded.payload, "utf8") : encoded.payload.length;
        expect(size).toBeLessThanOrEqual(PAYLOAD_LIMITS[channel].max);
        expect(codec.decode(channel, encoded.payload)).toEqual({ ok: true, action: a });
      }),
    );
  });

  it("fits Telegram's 64 bytes: 9 bytes of header leave room for a realistic answer", () => {
    const payload = payloadOf(
      codec.encode("telegram", {
        type: "answer",
        session: 9_999_999,
        question: "preferred_format",
        value: "online",
      }),
    );
    expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(64);
  });

  it("counts Cyrillic values in bytes on Telegram and in characters on VK", () => {
    // 30 Cyrillic letters are 30 characters but 60 bytes: too big for Telegram, fine for VK.
    const action = { type: "answer", value: "ж".repeat(30) };
    const telegram = codec.encode("telegram", action);
    expect(telegram).toMatchObject({ ok: false, reason: "oversized" });
    const vk = payloadOf(codec.encode("vk", action));
    expect(codec.decode("vk", vk)).toEqual({ ok: true, action });

    // The same number of Latin letters fits Telegram.
    expect(codec.encode("telegram", { type: "answer", value: "z".repeat(30) })).toMatchObject({ ok: true });
  });

  it("refuses to encode actions the format cannot carry", () => {
    expect(codec.encode("telegram", { type: "Answer" })).toMatchObject({ ok: false, reason: "invalid" });
    expect(codec.encode("telegram", { type: "answer", value: "a|b" })).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    expect(codec.encode("telegram", { type: "answer", value: "" })).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    expect(codec.encode("telegram", { type: "answer", session: -1 })).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    expect(codec.encode("telegram", { type: "answer", page: 1.5 })).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    expect(codec.encode("telegram", { type: "x".repeat(17) })).toMatchObject({
      ok: false,
      reason: "invalid",
    });
  });

  it("rejects a forged payload: a changed field or a signature made with another secret", () => {
    const payload = payloadOf(
      codec.encode("telegram", { type: "answer", session: 5, question: "goal", value: "a" }),
    );
    const tampered = payload.replace(/\|a$/, "|b");
    expect(tampered).not.toBe(payload);
    expect(codec.decode("telegram", tampered)).toEqual({ ok: false, reason: "bad_signature" });

    const other = createPayloadCodec({ secret: "another-secret" });
    const foreign = payloadOf(
      other.encode("telegram", { type: "answer", session: 5, question: "goal", value: "a" }),
    );
    expect(codec.decode("telegram", foreign)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("rejects garbled and hostile input as a value, never by throwing", () => {
    const inputs: unknown[] = [
      "",
      "garbage",
      "1",
      "1abcdefgh",
      "💥".repeat(20),
      "1" + "A".repeat(8) + "answer",
      null,
      undefined,
      42,
      { p: "x" },
      ["1abc"],
    ];
    for (const input of inputs) {
      const decoded = codec.decode("telegram", input);
      expect(decoded.ok, JSON.stringify(input)).toBe(false);
    }
    for (const input of ["{not json", "[]", '{"q":"1"}', '{"p":5}', "null", 7, { p: 7 }]) {
      expect(codec.decode("vk", input).ok, JSON.stringify(input)).toBe(false);
    }
  });

  it("rejects an oversized payload before looking inside it", () => {
    expect(codec.decode("telegram", "1" + "x".repeat(64))).toEqual({ ok: false, reason: "oversized" });
    expect(codec.decode("vk", JSON.stringify({ p: "1" + "x".repeat(300) }))).toEqual({
      ok: false,
      reason: "oversized",
    });
  });

  it("reads a payload of another format version as stale", () => {
    const payload = payloadOf(codec.encode("telegram", { type: "back" }));
    expect(codec.decode("telegram", "2" + payload.slice(1))).toEqual({
      ok: false,
      reason: "unsupported_version",
    });
  });

  it("rejects correctly signed payloads whose fields break the rules", () => {
    // Signed exactly as the codec signs, so only the field checks stand between these and the journey.
    const key = createHmac("sha256", "nastavnik-button-payload").update("test-secret").digest();
    const signed = (body: string) =>
      "1" +
      createHmac("sha256", key)
        .update("1" + body)
        .digest("base64url")
        .slice(0, 8) +
      body;
    expect(codec.decode("telegram", signed("answer|5|goal"))).toEqual({
      ok: true,
      action: { type: "answer", session: 5, question: "goal" },
    });
    for (const body of ["answer|||||", "answer|zz!|q", "Answer", "answer|1|q|v|-1", "answer|01", "|1"]) {
      expect(codec.decode("telegram", signed(body)), body).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("rejects action types outside the known list when one is given", () => {
    const strict = createPayloadCodec({ secret: "test-secret", knownTypes: ["answer", "back"] });
    const loose = payloadOf(codec.encode("telegram", { type: "drop_all" }));
    expect(strict.decode("telegram", loose)).toEqual({ ok: false, reason: "unknown_type" });
    expect(strict.encode("telegram", { type: "drop_all" })).toMatchObject({ ok: false });
    const fine = payloadOf(strict.encode("telegram", { type: "back" }));
    expect(strict.decode("telegram", fine)).toEqual({ ok: true, action: { type: "back" } });
  });

  it("refuses an empty secret", () => {
    expect(() => createPayloadCodec({ secret: "" })).toThrow(/secret/);
  });
});
