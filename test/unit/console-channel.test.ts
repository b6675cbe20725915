import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createConsoleChannel } from "../../src/channels/console/console-channel.js";
import type { InboundPipeline } from "../../src/pipeline/inbound-pipeline.js";

// What a typed line becomes: a button press or text. Under a free-text question "a" is an answer.

async function typed(takesText: boolean, lines: string[]): Promise<unknown[]> {
  const received: unknown[] = [];
  const pipeline = {
    connect: () => undefined,
    receive: (_channel: string, _id: string, input: unknown) => {
      received.push(input);
      return Promise.resolve();
    },
  } as unknown as InboundPipeline;
  const input = new PassThrough();
  const channel = createConsoleChannel({
    input,
    output: new PassThrough(),
    pipeline,
    externalId: "demo",
    onError: (error) => {
      throw error;
    },
  });
  await channel.start();
  await channel.messenger.send("demo", {
    text: "Как вас зовут?",
    buttons: [[{ label: "← Назад", action: { type: "b" } }]],
    takesText,
  });
  for (const line of lines) input.write(`${line}\n`);
  input.end();
  await channel.finished;
  return received;
}

describe("the console under a question", () => {
  it("reads a bare letter as the answer to a free-text question, and [a] as a press", async () => {
    expect(await typed(true, ["a", "[a]"])).toEqual([
      { text: "a" },
      { press: { type: "b" }, messageId: "1" },
    ]);
  });

  it("presses a button by its bare letter elsewhere", async () => {
    expect(await typed(false, ["a"])).toEqual([{ press: { type: "b" }, messageId: "1" }]);
  });
});

describe("the console's messenger", () => {
  it("prints what is addressed to the person at the terminal, and nothing meant for the demo's other people", async () => {
    const output = new PassThrough();
    let printed = "";
    output.on("data", (chunk: Buffer) => (printed += chunk.toString()));
    const channel = createConsoleChannel({
      input: new PassThrough(),
      output,
      pipeline: { connect: () => undefined } as unknown as InboundPipeline,
      externalId: "demo",
      onError: (error) => {
        throw error;
      },
    });
    const elsewhere = await channel.messenger.send("demo-3-17", { text: "Напоминание наставнику" });
    expect(elsewhere.ok).toBe(true);
    const edited = await channel.messenger.edit(
      { chatId: "demo-3-17", messageId: "elsewhere" },
      { text: "Правка" },
    );
    expect(edited.ok).toBe(true);
    await channel.messenger.send("demo", { text: "Сообщение куратору" });
    expect(printed).toContain("Сообщение куратору");
    expect(printed).not.toContain("Напоминание наставнику");
    expect(printed).not.toContain("Правка");
  });
});
