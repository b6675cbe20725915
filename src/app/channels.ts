import type { Config } from "../config.js";
import type { Channel, ChannelDependencies, ChannelName } from "./channel.js";
import type { HealthRegistry } from "./health.js";
import { createTelegramChannelFromConfig } from "./telegram-registration.js";
import { createMaxChannelFromConfig } from "./max-registration.js";
import { createVkChannelFromConfig } from "./vk-registration.js";

/** How the service learns about one messenger: its name, where its settings sit, how to build it. */
export interface ChannelRegistration {
  readonly name: ChannelName;
  /** Builds the channel when its settings are configured; resolves undefined when they are not. */
  create(deps: ChannelDependencies): Promise<Channel | undefined>;
}

/**
 * Ties a channel factory to its slice of the configuration, so the factory receives its settings
 * already narrowed (no `config.telegram!`) and is never called when they are absent.
 */
export function defineChannel<Settings>(
  name: ChannelName,
  settingsOf: (config: Config) => Settings | undefined,
  create: (deps: ChannelDependencies, settings: Settings) => Promise<Channel>,
): ChannelRegistration {
  return {
    name,
    create(deps) {
      const settings = settingsOf(deps.config);
      return settings === undefined ? Promise.resolve(undefined) : create(deps, settings);
    },
  };
}

/**
 * ▶ CHANNEL REGISTRATIONS: the one place a messenger plugs into the service. ◀
 *
 * Add one line per channel module, in start order; the service starts each whose settings are set
 * and stops them (in reverse) on shutdown. A factory imports its channel module (and so the
 * messenger's library) itself, with `await import(...)`, so a messenger that is not configured costs
 * no memory (docs/performance.md, "Memory"). Each factory, e.g.
 * `createVkChannelFromConfig(deps: ChannelDependencies, settings: NonNullable<Config["vk"]>)`,
 * returns a `Channel` and mounts its webhook route on `deps.http` when WEBHOOK_URL is set. The
 * console is not listed: the service starts it itself (npm run chat, or no token in a terminal).
 */
export const CHANNEL_REGISTRATIONS: readonly ChannelRegistration[] = [
  defineChannel("telegram", (config) => config.telegram, createTelegramChannelFromConfig),
  defineChannel("vk", (config) => config.vk, createVkChannelFromConfig),
  defineChannel("max", (config) => config.max, createMaxChannelFromConfig),
];

/** The channels that need a token; the console needs none. */
export type MessengerName = Exclude<ChannelName, "console">;

/** Which messengers the configuration asks for, whether or not this build can run them. */
export function configuredChannels(config: Config): MessengerName[] {
  const names: MessengerName[] = [];
  if (config.telegram) names.push("telegram");
  if (config.vk) names.push("vk");
  if (config.max) names.push("max");
  return names;
}

/** The variables an operator sets to start a messenger: the start-up hint when none is set. */
export const CHANNEL_VARIABLES: Readonly<Record<MessengerName, string>> = {
  telegram: "TELEGRAM_BOT_TOKEN",
  vk: "VK_GROUP_TOKEN + VK_GROUP_ID",
  max: "MAX_BOT_TOKEN",
};

export interface ChannelPlan {
  channels: Channel[];
  /** Configured in the environment but not in CHANNEL_REGISTRATIONS (not built yet). */
  unavailable: MessengerName[];
}

/**
 * Builds every registered channel whose settings are present; each gets a logger bound to its name
 * and, given a health registry, a health reporter bound to it too.
 */
export async function createChannels(
  deps: ChannelDependencies,
  registrations: readonly ChannelRegistration[] = CHANNEL_REGISTRATIONS,
  health?: HealthRegistry,
): Promise<ChannelPlan> {
  const channels: Channel[] = [];
  for (const registration of registrations) {
    const channel = await registration.create({
      ...deps,
      logger: deps.logger.child({ channel: registration.name }),
      ...(health && { health: health.reporter(registration.name) }),
    });
    if (channel) channels.push(channel);
  }
  const registered = new Set(registrations.map((registration) => registration.name));
  const unavailable = configuredChannels(deps.config).filter((name) => !registered.has(name));
  return { channels, unavailable };
}
