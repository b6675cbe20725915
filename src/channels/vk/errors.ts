import { APIError, ExecuteError } from "vk-io";

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

/** 6 too many requests a second. */
const TOO_MANY_REQUESTS = 6;

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

/**
 * VK's code of a refusal. vk-io batches calls into VK's `execute` (api.ts: one request against the
 * rate limit for many calls); a call refused inside it rejects with an ExecuteError (a subclass of
 * APIError) carrying the same code as if it had been made alone.
 */
export function vkErrorCode(error: unknown): number | undefined {
  if (error instanceof APIError) return Number(error.code);
  if (error instanceof VkDeliveryError) return error.code;
  return undefined;
}

/**
 * Worth repeating after a pause. 6 also when it came inside an execute: vk-io waits out and repeats
 * only a whole request refused so, not one call of a batch.
 */
export function isRetryable(error: unknown): boolean {
  const code = vkErrorCode(error);
  if (code === undefined) return false;
  return VK_RETRY_CODES.has(code) || (code === TOO_MANY_REQUESTS && error instanceof ExecuteError);
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
 * An APIError's `params` (the request, with the text we tried to send) is left out on purpose; of an
 * ExecuteError (a call refused inside a batched `execute`) only the method is added, never the code
 * of the batch, which holds every batched call's parameters.
 */
export function describeVkError(error: unknown): Record<string, unknown> {
  if (error instanceof ExecuteError) {
    return { origin: "vk", code: vkErrorCode(error), message: error.message, method: error.method };
  }
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
