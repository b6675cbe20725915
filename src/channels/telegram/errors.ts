import { BotError, GrammyError, HttpError } from "grammy";

/**
 * The 403 descriptions that mean "this person cannot be reached until they write to us again".
 * Telegram words them this way for a blocked bot, a deleted account, and a chat never started.
 */
const UNREACHABLE = /bot was blocked by the user|user is deactivated|bot can't initiate conversation/i;

export function isUnreachableDescription(errorCode: number, description: string | undefined): boolean {
  return errorCode === 403 && UNREACHABLE.test(description ?? "");
}

/** The person blocked the bot (or is gone): nothing to apologise to them for, nothing to retry. */
export function isRecipientUnreachable(error: unknown): error is GrammyError {
  const cause = error instanceof BotError ? error.error : error;
  return cause instanceof GrammyError && isUnreachableDescription(cause.error_code, cause.description);
}

export function isGrammyError(error: unknown, code: number, description: RegExp): error is GrammyError {
  return error instanceof GrammyError && error.error_code === code && description.test(error.description);
}

/**
 * A log-safe picture of an error, split by origin the way grammY splits it: Telegram said no, the
 * network failed, or our code threw. A GrammyError's `payload` (the text we tried to send) is left
 * out on purpose: it may hold a person's answers.
 */
export function describeError(error: unknown): Record<string, unknown> {
  const cause = error instanceof BotError ? error.error : error;
  if (cause instanceof GrammyError) {
    return {
      origin: "telegram",
      method: cause.method,
      code: cause.error_code,
      description: cause.description,
    };
  }
  if (cause instanceof HttpError) {
    return { origin: "network", message: cause.message };
  }
  if (cause instanceof Error) {
    return { origin: "handler", name: cause.name, message: cause.message, stack: cause.stack };
  }
  return { origin: "handler", thrown: typeof cause };
}
