import type { Config } from "../config.js";
import { inviteLinks } from "../invites/invite-links.js";
import { buttonSigningKey, createButtonCodec } from "./button-codec.js";
import type { Channel, ChannelDependencies } from "./channel.js";

/** Where VK posts events in Callback API mode, under WEBHOOK_URL (docs/vk-setup.md). */
export const VK_CALLBACK_PATH = "/webhooks/vk";

/**
 * Builds the VK channel from the service's dependencies: Bots Long Poll by default, the Callback API
 * (mounted on the service's HTTP port) when WEBHOOK_URL is set, which the configuration only allows
 * together with VK_CALLBACK_CONFIRMATION and VK_CALLBACK_SECRET.
 */
export async function createVkChannelFromConfig(
  deps: ChannelDependencies,
  settings: NonNullable<Config["vk"]>,
): Promise<Channel> {
  const webhook = deps.config.webhook;
  if (webhook && !settings.callback) {
    // createConfig refuses this combination; reaching it means a hand-built Config is wrong.
    throw new Error("WEBHOOK_URL is set but the VK settings carry no Callback API confirmation and secret");
  }
  // Loaded here, not at start-up: a service without VK never loads vk-io (see CHANNEL_REGISTRATIONS).
  const { createVkChannel } = await import("../channels/vk/channel.js");
  const codec = createButtonCodec(await buttonSigningKey(deps.config, deps.database.db), "vk");
  const channel = createVkChannel({
    token: settings.token,
    groupId: settings.groupId,
    ...(settings.apiRoot && { apiRoot: settings.apiRoot }),
    db: deps.database.db,
    translator: deps.translator,
    codec,
    logger: deps.logger,
    ...(deps.health && { health: deps.health }),
    // The community link https://vk.me/club<id>?ref=CODE: VK hands the code back as the first message's ref.
    pipeline: deps.journey.pipeline,
    mode: settings.callback ? { kind: "callback", ...settings.callback } : { kind: "polling" },
  });
  deps.journey.linkTo("vk", (code) => inviteLinks({ vkGroupId: settings.groupId }, code).vk);
  if (channel.handleCallback) deps.http.route(VK_CALLBACK_PATH, channel.handleCallback);
  return channel;
}
