/**
 * The slice of a logger the channels use; a pino logger fits it. Log fields, never personal data:
 * ids of our own rows and update ids are fine, names, texts and messenger user ids are not.
 */
export interface ChannelLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

export const silentLogger: ChannelLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
