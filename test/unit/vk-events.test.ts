import { describe, expect, it } from "vitest";
import { createPayloadCodec } from "../../src/channels/shared/payload-codec.js";
import {
  isPrivateDialog,
  languageTagOf,
  parseVkEvent,
  type VkMessage,
} from "../../src/channels/vk/events.js";
import { readMessage } from "../../src/channels/vk/inbound-event.js";
import { createKeyedQueue } from "../../src/pipeline/keyed-queue.js";

const codec = createPayloadCodec({ secret: "unit-secret" });
const message = (fields: Partial<VkMessage>): VkMessage => ({
  peer_id: 7,
  from_id: 7,
  conversation_message_id: 3,
  text: "",
  ...fields,
});

describe("parseVkEvent", () => {
  it("reads message_new with its client info and the envelope's event_id", () => {
    const parsed = parseVkEvent({
      type: "message_new",
      event_id: "abc",
      v: "5.199",
      group_id: 5,
      object: {
        message: { peer_id: 7, from_id: 7, text: "hi", conversation_message_id: 3 },
        client_info: { lang_id: 3 },
      },
    });
    expect(parsed).toMatchObject({
      ok: true,
      event: {
        type: "message_new",
        groupId: 5,
        dedupeId: "abc",
        clientInfo: { lang_id: 3 },
        message: { text: "hi" },
      },
    });
  });

  it("builds a dedupe id from the message or the press when an older API leaves event_id out", () => {
    const message = parseVkEvent({
      type: "message_new",
      group_id: 5,
      object: { message: { peer_id: 7, from_id: 7, conversation_message_id: 3 } },
    });
    expect(message).toMatchObject({ ok: true, event: { dedupeId: "msg:7:3" } });
    const press = parseVkEvent({
      type: "message_event",
      group_id: 5,
      object: { user_id: 7, peer_id: 7, event_id: "p1", payload: { p: "x" } },
    });
    expect(press).toMatchObject({
      ok: true,
      event: { type: "message_event", dedupeId: "press:p1", pressId: "p1" },
    });
    const deny = parseVkEvent({ type: "message_deny", group_id: 5, object: { user_id: 7 } });
    expect(deny).toEqual({ ok: true, event: { type: "message_deny", groupId: 5, userId: 7 } });
  });

  it("rejects what does not look like VK and passes other types through as ignorable", () => {
    expect(parseVkEvent(null)).toEqual({ ok: false, reason: "envelope" });
    expect(parseVkEvent({ type: "message_new", group_id: "x" })).toEqual({ ok: false, reason: "envelope" });
    expect(
      parseVkEvent({ type: "message_new", group_id: 5, object: { message: { text: "no ids" } } }),
    ).toEqual({
      ok: false,
      reason: "message_new",
    });
    expect(parseVkEvent({ type: "message_event", group_id: 5, object: { user_id: 1 } })).toEqual({
      ok: false,
      reason: "message_event",
    });
    expect(parseVkEvent({ type: "wall_post_new", group_id: 5, event_id: "e", object: {} })).toEqual({
      ok: true,
      event: { type: "other", rawType: "wall_post_new", groupId: 5, dedupeId: "e" },
    });
  });
});

describe("readMessage", () => {
  it("turns a community link's ref into /start with the code, whatever the text", () => {
    expect(
      readMessage(message({ text: "Начать", ref: " INVITE42 ", payload: '{"command":"start"}' })),
    ).toEqual({
      kind: "command",
      command: "start",
      argument: "INVITE42",
    });
    expect(readMessage(message({ text: "привет", ref: "P123" }))).toMatchObject({ argument: "P123" });
  });

  it("reads VK's Начать button as /start and typed commands with their argument", () => {
    expect(readMessage(message({ text: "Начать", payload: '{"command":"start"}' }))).toEqual({
      kind: "command",
      command: "start",
      argument: "",
    });
    expect(readMessage(message({ text: "/Start   CODE 7 " }))).toEqual({
      kind: "command",
      command: "start",
      argument: "CODE 7",
    });
    expect(readMessage(message({ text: "/help@club1" }))).toEqual({
      kind: "command",
      command: "help",
      argument: "",
    });
    expect(readMessage(message({ text: "/" }))).toEqual({ kind: "text", text: "/" });
    expect(readMessage(message({ text: "/ не команда" }))).toEqual({
      kind: "text",
      text: "/ не команда",
    });
  });

  it("hands our text-button payloads on as buttons, for the pipeline to check with the codec", () => {
    const genuine = codec.encode("vk", { type: "answer", session: 4, question: "q", value: "7" });
    if (!genuine.ok) throw new Error("must encode");
    const read = readMessage(message({ text: "7", payload: genuine.payload }));
    expect(read).toEqual({ kind: "button", payload: JSON.parse(genuine.payload) as unknown });
    if (read.kind !== "button") throw new Error("must be a button");
    expect(codec.decode("vk", read.payload)).toEqual({
      ok: true,
      action: { type: "answer", session: 4, question: "q", value: "7" },
    });
    const forged = genuine.payload.replace('7"}', '8"}');
    const forgedRead = readMessage(message({ text: "8", payload: forged }));
    if (forgedRead.kind !== "button") throw new Error("must be a button");
    expect(codec.decode("vk", forgedRead.payload)).toEqual({ ok: false, reason: "bad_signature" });
    // Someone else's payload, or one that is not JSON: the text is what the person said.
    expect(readMessage(message({ text: "да", payload: '{"button":"1"}' }))).toEqual({
      kind: "text",
      text: "да",
    });
    expect(readMessage(message({ text: "да", payload: "{broken" }))).toEqual({
      kind: "text",
      text: "да",
    });
  });

  it("calls a message without text unsupported, and keeps text that comes with an attachment", () => {
    expect(readMessage(message({ text: "", attachments: [{ type: "photo" }] }))).toEqual({
      kind: "unsupported",
    });
    expect(readMessage(message({ text: "   " }))).toEqual({ kind: "unsupported" });
    expect(readMessage(message({ text: "вот фото", attachments: [{ type: "photo" }] }))).toEqual({
      kind: "text",
      text: "вот фото",
    });
  });
});

describe("small VK rules", () => {
  it("talks in private dialogs only", () => {
    expect(isPrivateDialog(7, 7)).toBe(true);
    expect(isPrivateDialog(2_000_000_001, 7)).toBe(false);
    expect(isPrivateDialog(-5, -5)).toBe(false);
    expect(isPrivateDialog(8, 7)).toBe(false);
  });

  it("maps VK's interface languages to tags", () => {
    expect(languageTagOf(0)).toBe("ru");
    expect(languageTagOf(3)).toBe("en");
    expect(languageTagOf(1)).toBe("uk");
    expect(languageTagOf(99)).toBeUndefined();
    expect(languageTagOf(undefined)).toBeUndefined();
  });

  it("runs one key's tasks in order, other keys alongside, and goes on after a failure", async () => {
    const queue = createKeyedQueue();
    const log: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = queue.run("a", async () => {
      await held;
      log.push("a1");
    });
    const failing = queue.run("a", () => Promise.reject(new Error("a2 failed")));
    const third = queue.run("a", () => Promise.resolve(log.push("a3")));
    await queue.run("b", () => Promise.resolve(log.push("b1")));
    expect(log).toEqual(["b1"]);
    release();
    await first;
    await expect(failing).rejects.toThrow("a2 failed");
    await third;
    expect(log).toEqual(["b1", "a1", "a3"]);
  });
});
