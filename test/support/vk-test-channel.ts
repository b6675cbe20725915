import { silentLogger } from "../../src/channels/shared/logger.js";
import { createPayloadCodec, type PayloadCodec } from "../../src/channels/shared/payload-codec.js";
import { createVkChannel, type VkChannel } from "../../src/channels/vk/channel.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { createTestDatabase, type TestDatabase } from "./database.js";
import { createFakeVkApi, type FakeVkApi, type FakeVkUser, type RecordedVkCall } from "./fake-vk-api.js";
import { createStandInPipeline } from "./stand-in-pipeline.js";

export interface VkTestChannel {
  fake: FakeVkApi;
  database: TestDatabase;
  translator: Translator;
  codec: PayloadCodec;
  channel: VkChannel;
  stop(): Promise<void>;
}

/**
 * The real VK channel (vk-io, Bots Long Poll) against the fake VK API and a test database, with the
 * recording stand-in pipeline as the journey: what the VK transport tests share. `before` may answer
 * an event itself (true) before the stand-in's welcome and help.
 */
export async function startVkTestChannel(
  options: { before?: Parameters<typeof createStandInPipeline>[0]["before"] } = {},
): Promise<VkTestChannel> {
  const [fake, database, translator] = await Promise.all([
    createFakeVkApi(),
    createTestDatabase(),
    loadTranslator(),
  ]);
  const codec = createPayloadCodec({ secret: "e2e-secret" });
  const channel = createVkChannel({
    token: fake.token,
    groupId: fake.groupId,
    apiRoot: fake.apiRoot,
    db: database.db,
    translator,
    codec,
    logger: silentLogger,
    mode: { kind: "polling", retryDelayMs: 20 },
    retry: { networkWaitMs: 20, baseDelayMs: 20, maxDelayMs: 100 },
    pipeline: createStandInPipeline({
      db: database.db,
      translator,
      logger: silentLogger,
      welcomeKey: "vk-welcome",
      helpKey: "vk-help",
      ...(options.before && { before: options.before }),
    }).pipeline,
  });
  await channel.start();
  return {
    fake,
    database,
    translator,
    codec,
    channel,
    async stop() {
      await channel.stop();
      await fake.close();
      await database.close();
    },
  };
}

/** Whether a recorded call went to this person (peer_id, or one of peer_ids). */
export const toPeer = (user: FakeVkUser) => (c: RecordedVkCall) =>
  (c.params.peer_ids ?? c.params.peer_id ?? "").split(",").includes(String(user.id));
