import { APIError } from "vk-io";

/**
 * The codes that mean "this person cannot be reached until they write to us again": 18 the account
 * is deleted or banned, 900 the person is in the community's blacklist, 901 they have not allowed
 * (or have forbidden) messages from the community, 902 their privacy settings forbid it.
 */
export const VK_UNREACHABLE_CODES: ReadonlySet<number> = new Set([18, 900, 901, 902]);

/**
 * Worth another try after a pause: 1 unknown error, 9 flood control, 10 internal server error.
 * (6, too many requests per second, vk-io already waits out and repeats by itself.)
 */
export const VK_RETRY_CODES: ReadonlySet<number> = new Set([1, 9, 10]);

/** 909: the message is too old to edit; 920: this kind of message cannot be edited. */
const GONE_CODES: ReadonlySet<number> = new Set([909, 920]);
/** VK answers an edit of a message it does not know with 100 naming the id parameter. */
const UNKNOWN_MESSAGE = /message_id|conversation_message_id|cmid|message not found/i;

const NETWORK_ERRORS = new Set(["FetchError", "AbortError", "TimeoutError"]);

/** One failure VK reported for one recipient of messages.send with peer_ids. */
export class VkDeliveryError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
  ) {
    super(`VK refused the message: ${code} ${description}`);
    this.name = "VkDeliveryError";
  }
}

export function vkErrorCode(error: unknown): number | undefined {
  if (error instanceof APIError) return Number(error.code);
  if (error instanceof VkDeliveryError) return error.code;
  return undefined;
}

export function isUnreachable(error: unknown): boolean {
  const code = vkErrorCode(error);
  return code !== undefined && VK_UNREACHABLE_CODES.has(code);
}

export function isGoneForEdit(error: unknown): boolean {
  const code = vkErrorCode(error);
  if (code === undefined) return false;
  return GONE_CODES.has(code) || (code === 100 && UNKNOWN_MESSAGE.test((error as Error).message));
}

/**
 * A log-safe picture of an error, split by origin: VK said no, the network failed, or our code threw.
 * An APIError's `params` (the request, with the text we tried to send) is left out on purpose.
 */
export function describeVkError(error: unknown): Record<string, unknown> {
  if (error instanceof APIError || error instanceof VkDeliveryError) {
    return { origin: "vk", code: vkErrorCode(error), message: error.message };
  }
  // node-fetch (under vk-io) and fetch (the long poll) name their network failures so.
  if (error instanceof Error && NETWORK_ERRORS.has(error.name)) {
    return { origin: "network", name: error.name, message: error.message };
  }
  if (error instanceof Error) {
    return { origin: "handler", name: error.name, message: error.message, stack: error.stack };
  }
  return { origin: "handler", thrown: typeof error };
}
