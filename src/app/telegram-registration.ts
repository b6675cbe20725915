import type { TelegramChannel } from "../channels/telegram/channel.js";
import type { Config } from "../config.js";
import { inviteLinks } from "../invites/invite-links.js";
import { buttonSigningKey, createButtonCodec } from "./button-codec.js";
import type { Channel, ChannelDependencies } from "./channel.js";

/** Where Telegram posts updates in webhook mode, under WEBHOOK_URL. */
export const TELEGRAM_WEBHOOK_PATH = "/webhooks/telegram";

/**
 * Builds the Telegram channel from the service's dependencies: long polling by default, a webhook
 * (mounted on the service's HTTP port) when WEBHOOK_URL is set.
 */
export async function createTelegramChannelFromConfig(
  deps: ChannelDependencies,
  settings: NonNullable<Config["telegram"]>,
): Promise<Channel> {
  const webhook = deps.config.webhook;
  // Loaded here, not at start-up: a service without Telegram never loads grammY (see CHANNEL_REGISTRATIONS).
  const { createTelegramChannel } = await import("../channels/telegram/channel.js");
  const codec = createButtonCodec(await buttonSigningKey(deps.config, deps.database.db), "telegram");
  // Read at event time, after start() asked Telegram for the bot's username.
  const username = (): string | undefined => settings.username ?? channel.telegram.bot.botInfo.username;
  const channel: TelegramChannel = createTelegramChannel({
    token: settings.token,
    ...(settings.apiRoot && { apiRoot: settings.apiRoot }),
    db: deps.database.db,
    translator: deps.translator,
    codec,
    logger: deps.logger,
    ...(deps.health && { health: deps.health }),
    pipeline: deps.journey.pipeline,
    ...(deps.gates?.telegram && { pushGate: deps.gates.telegram }),
    mode: webhook
      ? { kind: "webhook", secret: webhook.secret, url: `${webhook.url}${TELEGRAM_WEBHOOK_PATH}` }
      : { kind: "polling" },
  });
  deps.journey.linkTo("telegram", (code) => {
    const name = username();
    return name ? inviteLinks({ telegramUsername: name }, code).telegram : undefined;
  });
  if (channel.handleWebhook) deps.http.route(TELEGRAM_WEBHOOK_PATH, channel.handleWebhook);
  return channel;
}
