import type { Config } from "../config.js";
import { inviteLinks } from "../invites/invite-links.js";
import { buttonSigningKey, createButtonCodec } from "./button-codec.js";
import type { Channel, ChannelDependencies } from "./channel.js";

/** Where MAX posts updates in webhook mode, under WEBHOOK_URL. */
export const MAX_WEBHOOK_PATH = "/webhooks/max";

/**
 * Builds the MAX channel from the service's dependencies: long polling by default, a webhook
 * subscription (POST /subscriptions with WEBHOOK_SECRET, mounted on the service's HTTP port) when
 * WEBHOOK_URL is set.
 */
export async function createMaxChannelFromConfig(
  deps: ChannelDependencies,
  settings: NonNullable<Config["max"]>,
): Promise<Channel> {
  const webhook = deps.config.webhook;
  // Loaded here, not at start-up: a service without MAX never loads its library (see CHANNEL_REGISTRATIONS).
  const { createMaxChannel } = await import("../channels/max/channel.js");
  const codec = createButtonCodec(await buttonSigningKey(deps.config, deps.database.db), "max");
  const channel = createMaxChannel({
    token: settings.token,
    ...(settings.apiRoot && { apiRoot: settings.apiRoot }),
    db: deps.database.db,
    translator: deps.translator,
    codec,
    logger: deps.logger,
    ...(deps.health && { health: deps.health }),
    pipeline: deps.journey.pipeline,
    ...(deps.gates?.max && { pushGate: deps.gates.max }),
    mode: webhook
      ? { kind: "webhook", secret: webhook.secret, url: `${webhook.url}${MAX_WEBHOOK_PATH}` }
      : { kind: "polling" },
  });
  // Deep links max.ru/<nick>?start=CODE: the nick GET /me gave, else the configured one.
  deps.journey.linkTo("max", (code) => {
    const username = channel.botInfo()?.username ?? settings.username;
    return username ? inviteLinks({ maxUsername: username }, code).max : undefined;
  });
  if (channel.handleWebhook) deps.http.route(MAX_WEBHOOK_PATH, channel.handleWebhook);
  return channel;
}
