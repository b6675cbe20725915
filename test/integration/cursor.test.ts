import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createChannelCursorRepository,
  type ChannelCursorRepository,
} from "../../src/updates/cursor.repository.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let database: TestDatabase;
let cursors: ChannelCursorRepository;
beforeAll(async () => {
  database = await createTestDatabase();
  cursors = createChannelCursorRepository(database.db);
});
afterAll(async () => {
  await database.close();
});

describe("channel cursor repository", () => {
  it("has nothing for a key never stored, then the value stored", async () => {
    expect(await cursors.get("vk", "1")).toBeUndefined();
    expect(await cursors.advance("vk", "1", "1000")).toBe(true);
    expect(await cursors.get("vk", "1")).toBe("1000");
  });

  it("moves forward only, comparing as numbers rather than as text", async () => {
    expect(await cursors.advance("vk", "2", "999")).toBe(true);
    // As text "1000" < "999"; as numbers it is ahead and must be stored.
    expect(await cursors.advance("vk", "2", "1000")).toBe(true);
    expect(await cursors.get("vk", "2")).toBe("1000");
    expect(await cursors.advance("vk", "2", "999")).toBe(false);
    expect(await cursors.advance("vk", "2", "1000")).toBe(false);
    expect(await cursors.get("vk", "2")).toBe("1000");
    // Beyond 2^53, where a JavaScript number would round.
    expect(await cursors.advance("vk", "2", "90071992547409930")).toBe(true);
    expect(await cursors.advance("vk", "2", "90071992547409929")).toBe(false);
    expect(await cursors.get("vk", "2")).toBe("90071992547409930");
  });

  it("keeps the greatest of many concurrent writers, as two instances writing at once would", async () => {
    const values = Array.from({ length: 30 }, (_, i) => String(5000 + ((i * 7) % 30)));
    const other = createChannelCursorRepository(database.db);
    await Promise.all(values.map((v, i) => (i % 2 ? cursors : other).advance("vk", "3", v)));
    expect(await cursors.get("vk", "3")).toBe("5029");
  });

  it("keeps channels and keys apart", async () => {
    await cursors.advance("vk", "10", "50");
    await cursors.advance("vk", "11", "70");
    await cursors.advance("telegram", "10", "90");
    expect(await cursors.get("vk", "10")).toBe("50");
    expect(await cursors.get("vk", "11")).toBe("70");
    expect(await cursors.get("telegram", "10")).toBe("90");
  });

  it("refuses a value that is not a decimal integer, storing nothing", async () => {
    await expect(cursors.advance("vk", "20", "12a")).rejects.toThrow(/decimal integer/);
    await expect(cursors.advance("vk", "20", "")).rejects.toThrow(/decimal integer/);
    expect(await cursors.get("vk", "20")).toBeUndefined();
  });
});
