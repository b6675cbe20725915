import { createPayloadCodec, type PayloadCodec } from "../channels/shared/payload-codec.js";
import type { Config } from "../config.js";

/**
 * The button codec of a messenger channel. Signatures must verify on every instance and survive
 * restarts, so the key comes from a value all instances share: the webhook secret when there is one,
 * else the channel's own token.
 */
export function createButtonCodec(config: Config, channelToken: string): PayloadCodec {
  return createPayloadCodec({ secret: config.webhook?.secret ?? channelToken });
}
