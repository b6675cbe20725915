import { describe, expect, it } from "vitest";
import {
  generateInviteCode,
  INVITE_CODE_ALPHABET,
  INVITE_CODE_LENGTH,
  normalizeInviteCode,
} from "../../src/invites/invite-code.js";
import { inviteLinks } from "../../src/invites/invite-links.js";

describe("invite codes", () => {
  it("fit Telegram's start parameter and VK's ref: [A-Za-z0-9_-], at most 64", () => {
    for (let i = 0; i < 500; i++) {
      const code = generateInviteCode();
      expect(code).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      expect(code).toHaveLength(INVITE_CODE_LENGTH);
    }
  });

  it("never contain the look-alike letters I, L, O and U", () => {
    const all = Array.from({ length: 500 }, () => generateInviteCode()).join("");
    expect(all).not.toMatch(/[ILOU]/);
    expect(INVITE_CODE_ALPHABET).toHaveLength(32);
    expect(new Set(INVITE_CODE_ALPHABET).size).toBe(32);
  });

  it("use every symbol of the alphabet with equal chance (each byte maps to one symbol, 8 bytes per symbol)", () => {
    // Three passes over every byte value, fed 12 at a time: each symbol must come out exactly 24 times.
    const bytes = Array.from({ length: 768 }, (_, i) => i % 256);
    let offset = 0;
    const random = (size: number) => Uint8Array.from(bytes.slice(offset, (offset += size)));
    const counts = new Map<string, number>();
    for (let i = 0; i < 768 / INVITE_CODE_LENGTH; i++) {
      for (const symbol of generateInviteCode(random)) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    }
    expect([...counts.keys()].sort().join("")).toBe([...INVITE_CODE_ALPHABET].sort().join(""));
    expect(new Set(counts.values())).toEqual(new Set([24]));
    expect(generateInviteCode(() => new Uint8Array(INVITE_CODE_LENGTH).fill(31))).toBe("Z".repeat(12));
    expect(generateInviteCode(() => new Uint8Array(INVITE_CODE_LENGTH).fill(32))).toBe("0".repeat(12));
  });

  it("are different each time (60 random bits)", () => {
    const codes = new Set(Array.from({ length: 2000 }, () => generateInviteCode()));
    expect(codes.size).toBe(2000);
  });

  it("read back what a person typed: case, spaces, dashes and look-alikes", () => {
    expect(normalizeInviteCode("  abcd-efgh-jk01 ")).toBe("ABCDEFGHJK01");
    expect(normalizeInviteCode("ABCD EFGH JKO1")).toBe("ABCDEFGHJK01");
    expect(normalizeInviteCode("abcdefghjkil")).toBe("ABCDEFGHJK11");
    expect(normalizeInviteCode("ABCDEFGHJK0")).toBeUndefined();
    expect(normalizeInviteCode("ABCDEFGHJK0UU")).toBeUndefined();
    expect(normalizeInviteCode("ABCDEFGHJK0U")).toBeUndefined();
    expect(normalizeInviteCode("/start ABCDE")).toBeUndefined();
    const code = generateInviteCode();
    expect(normalizeInviteCode(code.toLowerCase())).toBe(code);
  });
});

describe("invite links", () => {
  it("build Telegram and VK deep links only for the messengers configured", () => {
    expect(inviteLinks({ telegramUsername: "nastavnik_bot", vkGroupId: 123 }, "ABC")).toEqual({
      telegram: "https://t.me/nastavnik_bot?start=ABC",
      vk: "https://vk.me/club123?ref=ABC",
    });
    expect(inviteLinks({ vkGroupId: 5 }, "ABC")).toEqual({ vk: "https://vk.me/club5?ref=ABC" });
    expect(inviteLinks({}, "ABC")).toEqual({});
  });
});
