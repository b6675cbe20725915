import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Channel } from "../../storage/tables.js";

import type { ButtonAction } from "../../core/messages.js";
export type { ButtonAction };

/**
 * Every platform's limit on a button payload, in one table. Telegram counts callback_data in UTF-8
 * bytes (1-64); VK counts the JSON-stringified payload in characters (at most 255); MAX takes far
 * longer callback payloads, but keeps Telegram's budget, so a button that fits one channel fits all;
 * the console has none that matters.
 */
export const PAYLOAD_LIMITS: Record<Channel, { unit: "utf8-bytes" | "json-chars"; max: number }> = {
  telegram: { unit: "utf8-bytes", max: 64 },
  vk: { unit: "json-chars", max: 255 },
  max: { unit: "utf8-bytes", max: 64 },
  console: { unit: "utf8-bytes", max: 1024 },
};

/**
 * Wire format v1: `1` + 8 base64url characters of HMAC-SHA256 over the rest + the fields joined by
 * `|` (type, session in base 36, question, value, page in base 36; trailing empty fields dropped).
 * 48 bits of signature is plenty for a button: it can only be tried online, one tap at a time.
 * A new format gets a new leading character, so buttons left in old messages read as stale.
 */
const FORMAT_VERSION = "1";
const SIGNATURE_LENGTH = 8;
const HEADER_LENGTH = FORMAT_VERSION.length + SIGNATURE_LENGTH;
const SEPARATOR = "|";
/** Telegram refuses an empty callback_data; a header alone is never a valid payload either. */
const MIN_LENGTH = HEADER_LENGTH + 1;

// One schema checks both directions: what we may encode is exactly what we accept back.
const base36 = z.string().regex(/^(0|[1-9a-z][0-9a-z]{0,10})$/);
const actionSchema = z.strictObject({
  type: z.string().regex(/^[a-z][a-z0-9_]{0,15}$/),
  session: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  question: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/)
    .optional(),
  // Free text (an option code, a Cyrillic word): anything but the separator and control characters.
  value: z
    .string()
    .regex(/^[^|\p{Cc}]{1,200}$/u)
    .optional(),
  page: z.number().int().min(0).max(9999).optional(),
});

export type PayloadRejection =
  | "malformed"
  | "oversized"
  /** Another format version: a button from a message older than the current format. */
  | "unsupported_version"
  /** The signature does not match: forged, or signed with a secret since rotated. */
  | "bad_signature"
  | "unknown_type";

export type DecodeResult = { ok: true; action: ButtonAction } | { ok: false; reason: PayloadRejection };
export type EncodeResult =
  { ok: true; payload: string } | { ok: false; reason: "invalid" | "oversized"; detail: string };

export interface PayloadCodec {
  /**
   * The payload to put on a button for this channel, or why it cannot be built. With `account` (the
   * chat it is sent to) the signature covers it too: the button then verifies only from that chat,
   * so a forwarded message's buttons are refused elsewhere. The account adds no bytes to the payload.
   */
  encode(channel: Channel, action: ButtonAction, account?: string): EncodeResult;
  /** Reads what a button sent back, from the chat `account`. Never throws: anything unexpected is a rejection value. */
  decode(channel: Channel, payload: unknown, account?: string): DecodeResult;
}

export interface PayloadCodecOptions {
  /** Secret for the signature (the composition root may derive it from the bot token). */
  secret: string | Uint8Array;
  /** When given, any other action type is rejected as `unknown_type`. */
  knownTypes?: readonly string[];
}

export function createPayloadCodec(options: PayloadCodecOptions): PayloadCodec {
  if (options.secret.length === 0) throw new Error("payload codec secret must not be empty");
  const key = createHmac("sha256", "nastavnik-button-payload").update(options.secret).digest();
  const known = options.knownTypes ? new Set(options.knownTypes) : undefined;

  const sign = (signed: string, account: string | undefined) =>
    createHmac("sha256", key)
      .update(account === undefined ? signed : `${account}\u0000${signed}`)
      .digest("base64url")
      .slice(0, SIGNATURE_LENGTH);

  function encode(channel: Channel, action: ButtonAction, account?: string): EncodeResult {
    const parsed = actionSchema.safeParse(action);
    if (!parsed.success) {
      return { ok: false, reason: "invalid", detail: parsed.error.issues.map((i) => i.path).join(",") };
    }
    if (known && !known.has(action.type)) {
      return { ok: false, reason: "invalid", detail: `unknown action type ${action.type}` };
    }
    const fields = [
      action.type,
      action.session?.toString(36) ?? "",
      action.question ?? "",
      action.value ?? "",
      action.page?.toString(36) ?? "",
    ];
    while (fields.at(-1) === "") fields.pop();
    const body = fields.join(SEPARATOR);
    const wire = FORMAT_VERSION + sign(FORMAT_VERSION + body, account) + body;
    const onChannel = toChannelPayload(channel, wire);
    const size = measure(channel, onChannel);
    if (size > PAYLOAD_LIMITS[channel].max) {
      return {
        ok: false,
        reason: "oversized",
        detail: `${size} ${PAYLOAD_LIMITS[channel].unit} > ${PAYLOAD_LIMITS[channel].max} on ${channel}`,
      };
    }
    return { ok: true, payload: onChannel };
  }

  function decode(channel: Channel, payload: unknown, account?: string): DecodeResult {
    const wire = fromChannelPayload(channel, payload);
    if (wire === undefined) return { ok: false, reason: "malformed" };
    // Size first: nothing larger than the platform allows was made by us, and it is cheap to check.
    if (measure(channel, toChannelPayload(channel, wire)) > PAYLOAD_LIMITS[channel].max) {
      return { ok: false, reason: "oversized" };
    }
    if (wire.length < MIN_LENGTH) return { ok: false, reason: "malformed" };
    if (!wire.startsWith(FORMAT_VERSION)) return { ok: false, reason: "unsupported_version" };

    const signature = wire.slice(FORMAT_VERSION.length, HEADER_LENGTH);
    const body = wire.slice(HEADER_LENGTH);
    const expected = sign(FORMAT_VERSION + body, account);
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) {
      return { ok: false, reason: "bad_signature" };
    }

    const fields = body.split(SEPARATOR);
    if (fields.length > 5) return { ok: false, reason: "malformed" };
    const [type, session, question, value, page] = fields;
    const fromBase36 = (text: string | undefined) => {
      if (text === undefined || text === "") return { ok: true as const, value: undefined };
      return base36.safeParse(text).success
        ? { ok: true as const, value: parseInt(text, 36) }
        : { ok: false as const };
    };
    const sessionNumber = fromBase36(session);
    const pageNumber = fromBase36(page);
    if (!sessionNumber.ok || !pageNumber.ok) return { ok: false, reason: "malformed" };
    const candidate: ButtonAction = { type: type ?? "" };
    if (sessionNumber.value !== undefined) candidate.session = sessionNumber.value;
    if (question) candidate.question = question;
    if (value) candidate.value = value;
    if (pageNumber.value !== undefined) candidate.page = pageNumber.value;
    const parsed = actionSchema.safeParse(candidate);
    if (!parsed.success) return { ok: false, reason: "malformed" };
    if (known && !known.has(parsed.data.type)) return { ok: false, reason: "unknown_type" };
    return { ok: true, action: candidate };
  }

  return { encode, decode };
}

/** VK carries a JSON payload; we wrap our string in one short key so its 255-character rule applies. */
function toChannelPayload(channel: Channel, wire: string): string {
  return channel === "vk" ? JSON.stringify({ p: wire }) : wire;
}

const vkPayload = z.object({ p: z.string() });

function fromChannelPayload(channel: Channel, payload: unknown): string | undefined {
  if (channel !== "vk") return typeof payload === "string" ? payload : undefined;
  // vk-io hands over the payload either parsed or as the raw JSON string.
  let value = payload;
  if (typeof value === "string") {
    if (value.length > PAYLOAD_LIMITS.vk.max * 4) return undefined;
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const parsed = vkPayload.safeParse(value);
  return parsed.success ? parsed.data.p : undefined;
}

function measure(channel: Channel, onChannel: string): number {
  return PAYLOAD_LIMITS[channel].unit === "utf8-bytes"
    ? Buffer.byteLength(onChannel, "utf8")
    : onChannel.length;
}
