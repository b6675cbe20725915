import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMaxChannel, type MaxChannel } from "../../src/channels/max/channel.js";
import { createMaxWebhookHandler } from "../../src/channels/max/webhook.js";
import { createPayloadCodec } from "../../src/channels/shared/payload-codec.js";
import { createMaxPerson, type ChannelDriver } from "../support/channel-driver.js";
import { createFakeMaxApi, type FakeMaxApi } from "../support/fake-max-api.js";
import { createJourneyEnv, silentLogger, type JourneyEnv } from "../support/journey-env.js";
import { EXPECTED_MENTEE_ANSWERS, runMenteeJourney } from "../support/journey-scenario.js";

const SECRET = "max-webhook-secret_0123456789";
const URL_OF_SERVICE = "https://bot.example.org/webhooks/max";

let env: JourneyEnv;
beforeAll(async () => {
  env = await createJourneyEnv();
});
afterAll(() => env.close());

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** The handler on a port of its own, as the service mounts it on /webhooks/max. */
async function serve(handler: RequestListener): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/max`;
}

function post(endpoint: string, body: string, secret?: string) {
  return fetch(endpoint, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      ...(secret !== undefined && { "x-max-bot-api-secret": secret }),
    },
  });
}

async function webhookChannel(
  fake: FakeMaxApi,
): Promise<{ channel: () => MaxChannel; endpoint: string; restart(): Promise<void> }> {
  const make = () =>
    createMaxChannel({
      token: fake.token,
      apiRoot: fake.apiRoot,
      db: env.database.db,
      translator: env.translator,
      codec: createPayloadCodec({ secret: "contract-secret" }),
      logger: silentLogger,
      mode: { kind: "webhook", secret: SECRET, url: URL_OF_SERVICE },
      pipeline: env.hub.pipeline,
    });
  let current = make();
  const endpoint = await serve((req, res) => void current.handleWebhook!(req, res));
  cleanups.unshift(() => current.stop());
  return {
    channel: () => current,
    endpoint,
    async restart() {
      await current.stop();
      current = make();
      await current.start();
    },
  };
}

describe("the MAX webhook", { timeout: 60_000 }, () => {
  it("refuses requests without the secret before reading them, and takes nothing before start", async () => {
    const fake = await createFakeMaxApi();
    cleanups.push(() => fake.close());
    const { channel, endpoint } = await webhookChannel(fake);
    const user = fake.user();
    const start = JSON.stringify(fake.botStarted(user, env.menteeCode));

    // Not started yet: MAX is asked to come back later.
    expect((await post(endpoint, start, SECRET)).status).toBe(503);
    await channel().start();
    expect(fake.subscriptions).toEqual([
      {
        url: URL_OF_SERVICE,
        secret: SECRET,
        update_types: ["message_created", "message_callback", "bot_started", "bot_stopped"],
      },
    ]);

    const recorded = () =>
      env.database.db
        .selectFrom("processed_update")
        .select("update_id")
        .where("channel", "=", "max")
        .execute();
    const before = await recorded();
    expect((await post(endpoint, start)).status).toBe(401);
    expect((await post(endpoint, start, "a-guess-of-the-secret")).status).toBe(401);
    expect((await post(endpoint, start, `${SECRET}x`)).status).toBe(401);
    expect((await fetch(endpoint)).status).toBe(405);
    expect((await post(endpoint, "{not json", SECRET)).status).toBe(400);
    expect(await recorded()).toEqual(before);
    expect(fake.callsTo("POST /messages")).toEqual([]);

    expect((await post(endpoint, start, SECRET)).status).toBe(200);
    await fake.waitForCall("POST /messages");
  });

  it("answers 500 when the update cannot be recorded, so MAX delivers it again, and handles nothing", async () => {
    let processed = 0;
    const handler = createMaxWebhookHandler({
      bot: {
        claim: () => Promise.reject(new Error("database away")),
        process: () => {
          processed++;
          return Promise.resolve();
        },
      },
      secret: SECRET,
      logger: silentLogger,
      accepting: () => true,
    });
    const endpoint = await serve((req, res) => void handler(req, res));
    const response = await post(
      endpoint,
      JSON.stringify({ update_type: "message_created", timestamp: 1 }),
      SECRET,
    );
    expect(response.status).toBe(500);
    expect(processed).toBe(0);
  });

  it("runs the shared mentee journey over the webhook with the same stored answers", async () => {
    const fake = await createFakeMaxApi({ firstUserId: 80_000_000 });
    cleanups.push(() => fake.close());
    const hook = await webhookChannel(fake);
    await hook.channel().start();
    const user = fake.user({ firstName: "Анна", locale: "ru" });
    const driver: ChannelDriver = {
      channel: "max",
      ...createMaxPerson(fake, user, async (update) => {
        const response = await post(hook.endpoint, JSON.stringify(update), SECRET);
        expect(response.status).toBe(200);
      }),
      async personId() {
        const account = await env.database.db
          .selectFrom("channel_account")
          .select("person_id")
          .where("channel", "=", "max")
          .where("external_id", "=", String(user.user_id))
          .executeTakeFirstOrThrow();
        return account.person_id;
      },
      restart: () => hook.restart(),
      close: () => hook.channel().stop(),
    };
    const { answers } = await runMenteeJourney(env, driver, { restartMidForm: true });
    expect(answers).toEqual(EXPECTED_MENTEE_ANSWERS);
    // The webhook replaces polling.
    expect(fake.callsTo("GET /updates")).toEqual([]);
  });
});
