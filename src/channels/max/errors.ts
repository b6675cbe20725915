import { MaxError } from "@maxhub/max-bot-api";

/**
 * Statuses worth another try after a pause: 429 (MAX's limit is about 30 requests a second per bot)
 * and the server failing or being away. The package retries none of them for us (it repeats a send
 * only while an attachment is being processed).
 */
const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/**
 * Network failures that happened before the request reached MAX, so repeating a send cannot deliver it
 * twice (MAX takes no idempotency key); a connection reset mid-request is not among them.
 */
const NOT_SENT_CAUSES: ReadonlySet<string> = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

export function maxStatus(error: unknown): number | undefined {
  return error instanceof MaxError ? error.status : undefined;
}

/** MAX answers 403 when the person stopped the bot (or never started it): nothing to retry. */
export function isMaxUnreachable(error: unknown): boolean {
  return maxStatus(error) === 403;
}

/** MAX still processes a file the message attaches: the same send may go again shortly. */
export function isMaxAttachmentNotReady(error: unknown): boolean {
  return error instanceof MaxError && error.code === "attachment.not.ready";
}

/** The message to edit is unknown (deleted, or too old for MAX to keep). */
export function isMaxGoneForEdit(error: unknown): boolean {
  return maxStatus(error) === 404;
}

export function isMaxRetryable(error: unknown): boolean {
  const status = maxStatus(error);
  if (status !== undefined) return RETRY_STATUSES.has(status);
  return NOT_SENT_CAUSES.has(networkCode(error) ?? "");
}

/** A failure of the network rather than an answer of MAX's (fetch rejects with a TypeError). */
export function isMaxNetworkError(error: unknown): boolean {
  if (error instanceof MaxError) return false;
  return error instanceof Error && (error.name === "TypeError" || error.name === "TimeoutError");
}

function networkCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A log-safe picture of an error: MAX said no, the network failed, or our code threw. MAX carries the
 * token in a header, never in the URL, so a network error's message is safe; a MaxError holds only
 * MAX's code and description, never the text we tried to send.
 */
export function describeMaxError(error: unknown): Record<string, unknown> {
  if (error instanceof MaxError) {
    return { origin: "max", status: error.status, code: error.code, description: error.description };
  }
  if (isMaxNetworkError(error)) {
    return { origin: "network", name: (error as Error).name, cause: networkCode(error) };
  }
  if (error instanceof Error) {
    return { origin: "handler", name: error.name, message: error.message, stack: error.stack };
  }
  return { origin: "handler", thrown: typeof error };
}
