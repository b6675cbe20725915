import { createHmac } from "node:crypto";
import type { Kysely } from "kysely";
import { createPayloadCodec, type PayloadCodec } from "../channels/shared/payload-codec.js";
import type { Config } from "../config.js";
import { serviceSecret } from "../storage/service-secret.repository.js";
import type { Channel, Database } from "../storage/tables.js";

/**
 * The key buttons are signed with: BUTTON_SIGNING_KEY, else one the service generated on its first
 * start and keeps in the database, so every instance and every restart verifies the same buttons.
 * Never the webhook secret (it travels in every Telegram request header) nor a bot token.
 */
export function buttonSigningKey(config: Config, db: Kysely<Database>): Promise<string> {
  return config.buttonSigningKey
    ? Promise.resolve(config.buttonSigningKey)
    : serviceSecret(db, "button_signing_key");
}

/** The button codec of one channel, with a key of its own: HMAC(signing key, channel). */
export function createButtonCodec(signingKey: string, channel: Channel): PayloadCodec {
  return createPayloadCodec({
    secret: createHmac("sha256", signingKey).update(`buttons:${channel}`).digest(),
  });
}
