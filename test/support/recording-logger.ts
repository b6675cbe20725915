import type { ChannelLogger } from "../../src/channels/shared/logger.js";

export interface LogEntry {
  level: "debug" | "info" | "warn" | "error";
  fields: Record<string, unknown>;
  message?: string;
}

/** A channel logger that keeps every line, so a test can assert what was (and was not) logged. */
export function createRecordingLogger(): { logger: ChannelLogger; logs: LogEntry[] } {
  const logs: LogEntry[] = [];
  const push = (level: LogEntry["level"]) => (fields: object, message?: string) => {
    logs.push({ level, fields: fields as Record<string, unknown>, message });
  };
  return {
    logger: { debug: push("debug"), info: push("info"), warn: push("warn"), error: push("error") },
    logs,
  };
}
