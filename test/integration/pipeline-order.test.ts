import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ButtonAction, InboundEvent, OutboundMessage } from "../../src/core/messages.js";
import type { ChannelIngress } from "../../src/core/ports.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import type { InboundPipeline } from "../../src/pipeline/inbound-pipeline.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { silentLogger } from "../support/journey-env.js";
import { createStandInPipeline } from "../support/stand-in-pipeline.js";

/**
 * Two instances on one database, each with its own pipeline. An update recorded by one instance is
 * not yet handled there (it is between recording and the person's lock, or that instance died) when
 * the person's next update reaches the other instance: the other handles both, in recorded order.
 */

let database: TestDatabase;
let translator: Translator;
beforeAll(async () => {
  [database, translator] = await Promise.all([createTestDatabase(), loadTranslator()]);
});
afterAll(async () => {
  await database.close();
});

/** A minimal adapter: raw updates are `{ user, text }`, replies are recorded per instance. */
function instance(name: string, handled: string[]) {
  const sent: { chatId: string; message: OutboundMessage }[] = [];
  const { pipeline } = createStandInPipeline({
    db: database.db,
    translator,
    logger: silentLogger,
    welcomeKey: "telegram-welcome",
    helpKey: "telegram-help",
    before(event: InboundEvent) {
      if (event.kind === "text") handled.push(`${name}:${event.text}`);
      if (event.kind === "text" && event.text === "poison") throw new Error("a bug in the handler");
      return event.kind === "text";
    },
  });
  const ingress: ChannelIngress = {
    channel: "console",
    messenger: {
      channel: "console",
      send(chatId, message) {
        sent.push({ chatId, message });
        return Promise.resolve({ ok: true, message: { chatId, messageId: String(sent.length) } });
      },
      edit: (ref) => Promise.resolve({ ok: true, message: ref }),
    },
    orderKey: (raw) => (raw as { user: string }).user,
    read(raw) {
      const { user, text } = raw as { user: string; text: string };
      return Promise.resolve({
        kind: "event",
        externalId: user,
        chatId: user,
        sender: {},
        body: { kind: "text", text },
      });
    },
    decodeButton: (payload) => ({ ok: true, action: payload as ButtonAction }),
  };
  pipeline.connect(ingress);
  return { pipeline, sent };
}

const stateOf = async (updateId: string) =>
  (
    await database.db
      .selectFrom("processed_update")
      .select("state")
      .where("channel", "=", "console")
      .where("update_id", "=", updateId)
      .executeTakeFirstOrThrow()
  ).state;

describe("one person's updates across two instances", () => {
  it("handles an earlier recorded, unfinished update first, once, when the later one reaches the lock first", async () => {
    const handled: string[] = [];
    const a: { pipeline: InboundPipeline } = instance("a", handled);
    const b = instance("b", handled);
    const user = `order-${process.pid}`;
    // Instance A recorded the first input and has not handled it yet.
    expect(await a.pipeline.record("console", `${user}-1`, { user, text: "first" })).toBe(true);
    // The second input reaches instance B, which gets the person's lock first.
    await b.pipeline.receive("console", `${user}-2`, { user, text: "second" });
    expect(handled).toEqual(["b:first", "b:second"]);
    expect(await stateOf(`${user}-1`)).toBe("done");
    expect(await stateOf(`${user}-2`)).toBe("done");
    // A finally gets to its update: already done by B, so nothing happens twice.
    await a.pipeline.process("console", `${user}-1`, { user, text: "first" });
    expect(handled).toEqual(["b:first", "b:second"]);
    // Another person's unfinished update is not B's to take.
    const other = `other-${process.pid}`;
    await a.pipeline.record("console", `${other}-1`, { user: other, text: "elsewhere" });
    await b.pipeline.receive("console", `${user}-3`, { user, text: "third" });
    expect(handled).toEqual(["b:first", "b:second", "b:third"]);
    expect(await stateOf(`${other}-1`)).toBe("handling");
  });

  it("does not let a failing update hold up the person's later ones, on either instance", async () => {
    const handled: string[] = [];
    const a = instance("a", handled);
    const b = instance("b", handled);
    const user = `poison-${process.pid}`;
    await a.pipeline.receive("console", `${user}-1`, { user, text: "poison" });
    expect(await stateOf(`${user}-1`)).toBe("handling");
    // Recorded on A but not handled yet when B takes the next one: B must not fail on it either.
    expect(await a.pipeline.record("console", `${user}-2`, { user, text: "poison" })).toBe(true);
    await b.pipeline.receive("console", `${user}-3`, { user, text: "after" });
    expect(handled).toEqual(["a:poison", "b:poison", "b:after"]);
    expect(await stateOf(`${user}-3`)).toBe("done");
    expect(await stateOf(`${user}-1`)).toBe("handling");
    expect(await stateOf(`${user}-2`)).toBe("handling");
    // Only the failing update's own sender was told something went wrong, once.
    expect(a.sent.map((s) => s.message.text)).toEqual([translator.t("ru", "error-generic")]);
  });
});

describe("a batch recorded at once (long polling)", () => {
  it("keeps the batch's order for each person and leaves out what was recorded before", async () => {
    const handled: string[] = [];
    const a = instance("a", handled);
    const b = instance("b", handled);
    const user = `batch-${process.pid}`;
    expect(await a.pipeline.record("console", `${user}-2`, { user, text: "redelivered" })).toBe(true);
    // Ids that sort the other way round from the batch: order must come from the batch, not the ids.
    const batch = [
      { updateId: `${user}-9`, raw: { user, text: "one" } },
      { updateId: `${user}-2`, raw: { user, text: "redelivered" } },
      { updateId: `${user}-10`, raw: { user, text: "two" } },
      { updateId: `${user}-1`, raw: { user, text: "three" } },
    ];
    const recorded = await a.pipeline.recordBatch("console", batch);
    expect([...recorded].sort()).toEqual([`${user}-1`, `${user}-10`, `${user}-9`]);
    // Another instance takes the person's last update first: everything before it goes first, in order.
    await b.pipeline.process("console", `${user}-1`, { user, text: "three" });
    expect(handled).toEqual(["b:redelivered", "b:one", "b:two", "b:three"]);
  });
});
