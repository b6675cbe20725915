/** What the composition root starts and stops, one per messenger (and the console). */
export interface ChannelRunner {
  readonly name: string;
  /** Resolves once the channel takes updates. */
  start(): Promise<void>;
  /** Stops taking updates and resolves when the ones in progress are done. */
  stop(): Promise<void>;
}
