import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { OutboundButton } from "../../src/core/messages.js";
import { createPayloadCodec } from "../../src/channels/shared/payload-codec.js";
import {
  CURRENT_VK_CLIENT,
  renderVkKeyboard,
  truncateLabel,
  type VkClientCapabilities,
  type VkKeyboard,
} from "../../src/channels/vk/keyboard.js";

const codec = createPayloadCodec({ secret: "unit-secret" });
const button = (value: string, label = value): OutboundButton => ({
  label,
  action: { type: "answer", session: 1, question: "q", value },
});
const values = (keyboard: VkKeyboard | undefined) =>
  keyboard?.buttons.map((row) =>
    row.map((b) => {
      if (b.action.type === "open_link") return b.action.link;
      const decoded = codec.decode("vk", b.action.payload);
      return decoded.ok ? decoded.action.value : "?";
    }),
  );

/** VK's documented limits, written out independently of the module under test. */
function withinVkLimits(keyboard: VkKeyboard): boolean {
  const [rows, buttons] = keyboard.inline ? [6, 10] : [10, 40];
  const all = keyboard.buttons.flat();
  return (
    keyboard.buttons.length <= rows &&
    all.length <= buttons &&
    keyboard.buttons.every((row) => row.length >= 1 && row.length <= 5) &&
    all.every(
      (b) => b.action.label.length <= 40 && ("payload" in b.action ? b.action.payload.length <= 255 : true),
    )
  );
}

describe("renderVkKeyboard", () => {
  it("draws nothing for no buttons", () => {
    expect(renderVkKeyboard(undefined, CURRENT_VK_CLIENT, codec)).toEqual({ linksAsText: [] });
    expect(renderVkKeyboard([[], []], CURRENT_VK_CLIENT, codec)).toEqual({ linksAsText: [] });
  });

  it("keeps rows that fit as the journey drew them, as callback buttons under the message", () => {
    const { keyboard } = renderVkKeyboard(
      [[button("a"), button("b")], [button("c")]],
      CURRENT_VK_CLIENT,
      codec,
    );
    expect(keyboard?.inline).toBe(true);
    expect(values(keyboard)).toEqual([["a", "b"], ["c"]]);
    expect(keyboard?.buttons.flat().every((b) => b.action.type === "callback")).toBe(true);
  });

  it("splits a row wider than five", () => {
    const row = ["1", "2", "3", "4", "5", "6", "7"].map((v) => button(v));
    expect(values(renderVkKeyboard([row], CURRENT_VK_CLIENT, codec).keyboard)).toEqual([
      ["1", "2", "3", "4", "5"],
      ["6", "7"],
    ]);
  });

  it("joins the shortest neighbouring rows until six are left", () => {
    const rows = ["a", "b", "c", "d", "e", "f", "g"].map((v) => [button(v)]);
    expect(values(renderVkKeyboard(rows, CURRENT_VK_CLIENT, codec).keyboard)).toEqual([
      ["a", "b"],
      ["c"],
      ["d"],
      ["e"],
      ["f"],
      ["g"],
    ]);
  });

  it("falls back to a one-time keyboard of text buttons past ten buttons or for an older client", () => {
    const twelve = Array.from({ length: 12 }, (_, i) => button(String(i)));
    const tooMany = renderVkKeyboard(
      [twelve.slice(0, 5), twelve.slice(5, 10), twelve.slice(10)],
      CURRENT_VK_CLIENT,
      codec,
    );
    expect(tooMany.keyboard).toMatchObject({ one_time: true });
    expect(tooMany.keyboard?.inline).toBeUndefined();
    expect(tooMany.keyboard?.buttons.flat().every((b) => b.action.type === "text")).toBe(true);

    const noInline: VkClientCapabilities = { keyboard: true, inlineKeyboard: false, buttonActions: ["text"] };
    expect(renderVkKeyboard([[button("a")]], noInline, codec).keyboard).toMatchObject({ one_time: true });
    const noCallback: VkClientCapabilities = {
      keyboard: true,
      inlineKeyboard: true,
      buttonActions: ["text"],
    };
    expect(renderVkKeyboard([[button("a")]], noCallback, codec).keyboard).toMatchObject({ one_time: true });
  });

  it("turns links into text where the client cannot show them, and gives them a row of their own where it can", () => {
    const rows = [[button("a"), { label: "Сайт", url: "https://example.org" }, button("b")]];
    const shown = renderVkKeyboard(rows, CURRENT_VK_CLIENT, codec);
    expect(values(shown.keyboard)).toEqual([["a"], ["https://example.org"], ["b"]]);
    expect(shown.linksAsText).toEqual([]);

    const textOnly: VkClientCapabilities = {
      keyboard: true,
      inlineKeyboard: true,
      buttonActions: ["text", "callback"],
    };
    const asText = renderVkKeyboard(rows, textOnly, codec);
    // Without the link between them, a and b share their row again.
    expect(values(asText.keyboard)).toEqual([["a", "b"]]);
    expect(asText.linksAsText).toEqual([{ label: "Сайт", url: "https://example.org" }]);

    const linkOnly = renderVkKeyboard([[{ label: "Сайт", url: "https://example.org" }]], textOnly, codec);
    expect(linkOnly).toEqual({ linksAsText: [{ label: "Сайт", url: "https://example.org" }] });
  });

  it("gives a client without keyboards the text alone", () => {
    const none: VkClientCapabilities = { keyboard: false, inlineKeyboard: false, buttonActions: [] };
    expect(renderVkKeyboard([[button("a")]], none, codec)).toEqual({ linksAsText: [] });
  });

  it("throws for more than forty buttons or a payload over 255 characters: the renderer must paginate", () => {
    const many = Array.from({ length: 41 }, (_, i) => [button(String(i))]);
    expect(() => renderVkKeyboard(many, CURRENT_VK_CLIENT, codec)).toThrow(/paginate/);
    const eleven = Array.from({ length: 11 }, (_, i) => [button(String(i))]);
    // Eleven single-button rows are too many for an inline keyboard; under the input field, ten rows
    // hold them once two neighbours are joined.
    expect(renderVkKeyboard(eleven, CURRENT_VK_CLIENT, codec).keyboard?.buttons.length).toBe(10);
    const huge: OutboundButton = {
      label: "x",
      action: { type: "answer", question: "q".repeat(60), value: "я".repeat(200) },
    };
    expect(() => renderVkKeyboard([[huge]], CURRENT_VK_CLIENT, codec)).toThrow(/oversized/);
  });

  it("always stays within VK's limits and keeps every button in order (property)", () => {
    const label = fc.string({ minLength: 1, maxLength: 60, unit: "grapheme" });
    const rows = fc.array(fc.array(label, { minLength: 0, maxLength: 8 }), { minLength: 1, maxLength: 12 });
    const client = fc.record({
      keyboard: fc.constant(true),
      inlineKeyboard: fc.boolean(),
      buttonActions: fc.constantFrom<string[]>(
        ["text"],
        ["text", "callback"],
        ["text", "callback", "open_link"],
      ),
    });
    fc.assert(
      fc.property(rows, client, (labels, capabilities) => {
        let counter = 0;
        const input = labels.map((row) => row.map((l) => button(String(counter++), l)));
        const count = counter;
        let rendered;
        try {
          rendered = renderVkKeyboard(input, capabilities, codec);
        } catch (error) {
          // Only a set no VK keyboard can hold may throw.
          expect(String(error)).toMatch(/paginate/);
          expect(count).toBeGreaterThan(10);
          return;
        }
        if (count === 0) {
          expect(rendered.keyboard).toBeUndefined();
          return;
        }
        expect(withinVkLimits(rendered.keyboard!)).toBe(true);
        expect(values(rendered.keyboard)!.flat()).toEqual(Array.from({ length: count }, (_, i) => String(i)));
        if (rendered.keyboard!.inline) expect(count).toBeLessThanOrEqual(10);
        else
          expect(
            count > 10 || !capabilities.inlineKeyboard || !capabilities.buttonActions.includes("callback"),
          ).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("truncateLabel", () => {
  it("leaves a label of up to 40 characters alone", () => {
    expect(truncateLabel("Раз в неделю")).toBe("Раз в неделю");
    expect(truncateLabel("я".repeat(40))).toBe("я".repeat(40));
  });

  it("cuts at a grapheme boundary and ends with an ellipsis, never over 40 UTF-16 units", () => {
    expect(truncateLabel("я".repeat(41))).toBe(`${"я".repeat(39)}…`);
    expect(truncateLabel(`${"я".repeat(37)}👨‍👩‍👧 семья`)).toBe(`${"я".repeat(37)}…`);
    // A cut right after a space does not leave the space before the ellipsis.
    expect(truncateLabel(`${"слово ".repeat(6)}ab cdefgh`)).toBe(`${"слово ".repeat(6)}ab…`);
    fc.assert(
      fc.property(fc.string({ maxLength: 120, unit: "grapheme" }), (text) => {
        const cut = truncateLabel(text);
        expect(cut.length).toBeLessThanOrEqual(40);
        if (text.length <= 40) expect(cut).toBe(text);
        else expect(text.startsWith(cut.slice(0, -1).trimEnd())).toBe(true);
      }),
    );
  });
});
