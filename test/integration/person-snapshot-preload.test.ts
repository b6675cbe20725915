import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChannelAccountRepository } from "../../src/accounts/channel-account.repository.js";
import {
  fromPreloaded,
  loadPersonSnapshot,
  personSnapshotPreload,
} from "../../src/journey/person-snapshot.js";
import { seedCurator, seedParticipant } from "../support/chat-people.js";
import { createJourneyEnv, type JourneyEnv } from "../support/journey-env.js";

/**
 * The person snapshot read in the account's touch (one statement per input fewer) is the snapshot
 * the journey would read on its own, for a person with consents, a curatorship and a participation.
 */
let env: JourneyEnv;
beforeAll(async () => {
  env = await createJourneyEnv();
});
afterAll(async () => {
  await env?.database.close();
});

describe("the person snapshot preloaded with the account", () => {
  it("equals the snapshot loaded on its own", async () => {
    const { personId } = await seedParticipant(env, {
      name: "Аня Петрова",
      channel: "telegram",
      externalId: "7001",
    });
    await env.database.db
      .insertInto("membership")
      .values({ person_id: personId, role: "curator", organisation_id: env.organisationId })
      .execute();
    const curator = await seedCurator(env, { name: "Ольга Ивановна", channel: "vk", externalId: "7002" });

    for (const [id, channel, externalId] of [
      [personId, "telegram", "7001"],
      [curator, "vk", "7002"],
    ] as const) {
      const touched = await createChannelAccountRepository(env.database.db).touch(
        { channel, externalId, chatId: externalId },
        undefined,
        personSnapshotPreload,
      );
      expect(touched.personId).toBe(id);
      const preloaded = fromPreloaded(touched.personId, touched.preloaded);
      const loaded = await loadPersonSnapshot(env.database.db, id);
      expect(preloaded).toEqual(loaded);
    }
    const participant = fromPreloaded(
      personId,
      (
        await createChannelAccountRepository(env.database.db).touch(
          { channel: "telegram", externalId: "7001", chatId: "7001" },
          undefined,
          personSnapshotPreload,
        )
      ).preloaded,
    )!;
    expect(participant).toMatchObject({
      displayName: "Аня Петрова",
      personalDataConsent: true,
      curatorOf: [{ organisationId: env.organisationId }],
      participations: [{ programId: env.programId, side: "mentee", status: "active" }],
    });
  });

  it("is absent on first contact, when the account is created (the journey then reads it itself)", async () => {
    const touched = await createChannelAccountRepository(env.database.db).touch(
      { channel: "telegram", externalId: "7999", chatId: "7999" },
      undefined,
      personSnapshotPreload,
    );
    expect(touched.created).toBe(true);
    expect(fromPreloaded(touched.personId, touched.preloaded)).toBeUndefined();
  });
});
