import type { Transformer } from "grammy";
import type { RateGate } from "../../outbox/rate-gate.js";

/**
 * Pauses the bot's push traffic (the outbox) when Telegram answers any call with 429, for as long as
 * its retry_after asks: the limit is the bot's, so a reply that hit it means reminders must wait too.
 * Install it before @grammyjs/auto-retry (`use` it first: it then runs inside the retries) so every
 * 429 is seen, not only the last.
 */
export function pausePushOnFloodWait(gate: Pick<RateGate, "pause">): Transformer {
  return async (previous, method, payload, signal) => {
    const result = await previous(method, payload, signal);
    if (!result.ok && result.error_code === 429) {
      gate.pause((result.parameters?.retry_after ?? 1) * 1000);
    }
    return result;
  };
}
