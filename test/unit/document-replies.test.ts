import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createConsoleChannel } from "../../src/channels/console/console-channel.js";
import type { MessageRef, OutboundDocument, OutboundMessage } from "../../src/core/messages.js";
import type { Messenger } from "../../src/core/ports.js";
import type { InboundPipeline } from "../../src/pipeline/inbound-pipeline.js";
import { coalesce, createReplies, deliverReplies } from "../../src/pipeline/replies.js";

const document: OutboundDocument = {
  fileName: "pairs.csv",
  mimeType: "text/csv",
  content: new TextEncoder().encode("\uFEFF№;Наставник\r\n"),
};

function recordingMessenger() {
  const calls: { op: "send" | "edit"; message: OutboundMessage; ref?: MessageRef }[] = [];
  const messenger: Messenger = {
    channel: "console",
    send(chatId, message) {
      calls.push({ op: "send", message });
      return Promise.resolve({ ok: true, message: { chatId, messageId: String(calls.length) } });
    },
    edit(ref, message) {
      calls.push({ op: "edit", message, ref });
      return Promise.resolve({ ok: true, message: ref });
    },
  };
  return { messenger, calls };
}

describe("replies with a document", () => {
  it("never merge a text into a document's message or a document's message into the next text", () => {
    const replies = createReplies();
    replies.send({ text: "Спасибо!" });
    replies.send({ text: "Пары программы", document });
    replies.send({ text: "Что дальше?" });
    replies.send({ text: "Ещё одно" });
    expect(coalesce(replies.ops)).toEqual([
      { kind: "send", message: { text: "Спасибо!" } },
      { kind: "send", message: { text: "Пары программы", document } },
      // Texts without files still travel together.
      { kind: "send", message: { text: "Что дальше?\n\nЕщё одно" } },
    ]);
  });

  it("deliver the file with its bytes; an edit that carries one is sent as a new message", async () => {
    const { messenger, calls } = recordingMessenger();
    const replies = createReplies();
    replies.send({ text: "Готово" });
    replies.send({ text: "Файл", document, buttons: [[{ label: "Ок", action: { type: "ok" } }]] });
    replies.edit({ chatId: "1", messageId: "7" }, { text: "Обновлено", document });
    replies.edit({ chatId: "1", messageId: "8" }, { text: "Без файла" });
    await deliverReplies(messenger, "1", replies.ops);
    expect(calls.map((call) => [call.op, call.message.text, call.message.document?.content])).toEqual([
      ["send", "Готово", undefined],
      ["send", "Файл", document.content],
      ["send", "Обновлено", document.content],
      ["edit", "Без файла", undefined],
    ]);
    expect(calls[1]!.message.buttons).toHaveLength(1);
  });
});

describe("the console with a document", () => {
  it("writes the file into its folder and prints the path between the caption and the buttons", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "console-doc-"));
    const output = new PassThrough();
    const printed: string[] = [];
    output.on("data", (chunk: Buffer) => printed.push(chunk.toString("utf8")));
    const channel = createConsoleChannel({
      input: new PassThrough(),
      output,
      pipeline: { connect: () => undefined } as unknown as InboundPipeline,
      externalId: "demo",
      documentDir: dir,
      onError: (error) => {
        throw error;
      },
    });
    try {
      await channel.messenger.send("demo", { text: "Первый" });
      const sent = await channel.messenger.send("demo", {
        text: "Пары программы",
        document: { ...document, fileName: "../../escape/pairs.csv" },
        buttons: [[{ label: "Ок", action: { type: "ok" } }]],
      });
      const file = path.join(dir, "2-pairs.csv");
      expect(sent).toEqual({ ok: true, message: { chatId: "demo", messageId: "2" } });
      expect(await readFile(file)).toEqual(Buffer.from(document.content));
      expect(printed.join("")).toBe(`\nПервый\n\nПары программы\n📎 ${file}\n  [a] Ок\n`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
