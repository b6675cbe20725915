import { describe, expect, it } from "vitest";
import { createInFlight } from "../../src/pipeline/in-flight.js";
import { splitText } from "../../src/channels/shared/text.js";

describe("splitText (Telegram and VK messages)", () => {
  it("keeps text within the limit as one message", () => {
    expect(splitText("Привет", 6)).toEqual(["Привет"]);
  });

  it("cuts at the last line break before the limit, else at a space, never inside a word", () => {
    expect(splitText("первая строка\nвторая строка", 20)).toEqual(["первая строка", "вторая строка"]);
    expect(splitText("один два три четыре", 10)).toEqual(["один два", "три четыре"]);
  });

  it("cuts a word longer than the limit hard, but never between the halves of an emoji", () => {
    const chunks = splitText(`${"a".repeat(9)}😀${"b".repeat(5)}`, 10);
    expect(chunks).toEqual(["a".repeat(9), `😀${"b".repeat(5)}`]);
  });

  it("loses nothing but the whitespace at the cuts, and no chunk is over the limit", () => {
    const text = Array.from({ length: 400 }, (_, i) => `слово${i}${i % 7 === 0 ? "\n" : " "}`).join("");
    const chunks = splitText(text, 100);
    expect(chunks.every((chunk) => chunk.length <= 100 && chunk.length > 0)).toBe(true);
    expect(chunks.join("").replace(/\s/g, "")).toBe(text.replace(/\s/g, ""));
  });
});

describe("createInFlight", () => {
  it("is idle at once when nothing runs", async () => {
    await expect(createInFlight().idle()).resolves.toBeUndefined();
  });

  it("resolves idle only after every tracked piece of work settled, a failed one included", async () => {
    const inFlight = createInFlight();
    const done: string[] = [];
    let finishFirst!: () => void;
    let failSecond!: (error: Error) => void;
    const first = inFlight.track(() => new Promise<void>((resolve) => (finishFirst = resolve)));
    const second = inFlight.track(() => new Promise<void>((_, reject) => (failSecond = reject)));
    const idle = inFlight.idle().then(() => done.push("idle"));

    finishFirst();
    await first;
    await Promise.resolve();
    expect(done).toEqual([]);
    failSecond(new Error("handler failed"));
    await expect(second).rejects.toThrow("handler failed");
    await idle;
    expect(done).toEqual(["idle"]);
  });
});
