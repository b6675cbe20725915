import type { ChannelFailure, ChannelHealth, ChannelSetting } from "../channels/shared/health.js";
import type { ReadinessCheck } from "../http/server.js";

export type ComponentState = "starting" | "ready" | "unreachable" | "dead";

export interface ComponentStatus {
  state: ComponentState;
  /** Why it is not ready, in words safe for /readyz: no token, no URL, no personal data. */
  reason?: string;
  /** Set when dead because the messenger refused one of our settings. */
  setting?: ChannelSetting;
}

export type DeadListener = (name: string, failure: ChannelFailure) => void;

/**
 * What each channel last said about itself. /readyz reads it (one check per channel), and the
 * service listens for a channel dying to decide between "not ready" and a restart.
 *
 * @example
 * const health = createHealthRegistry();
 * const telegram = health.reporter("telegram"); // handed to the channel
 * http.addReadinessCheck("telegram", health.check("telegram"));
 * health.onDead((name, failure) => ...);
 */
export interface HealthRegistry {
  /** The reporter a channel calls; the component counts as "starting" from now on. */
  reporter(name: string): ChannelHealth;
  status(name: string): ComponentStatus | undefined;
  /**
   * Called once a channel's start() resolved: one still "starting" reports no health of its own
   * (the console, a test double), so it counts as ready from now on.
   */
  settle(name: string): void;
  /** A readiness check passing only while the component is ready. */
  check(name: string): ReadinessCheck;
  /** Called once per component when it dies; returns the unsubscribe. */
  onDead(listener: DeadListener): () => void;
}

export function createHealthRegistry(): HealthRegistry {
  const statuses = new Map<string, ComponentStatus>();
  const listeners = new Set<DeadListener>();

  function set(name: string, status: ComponentStatus): void {
    // Dead is final: a late "ready" from a loop winding down must not make the service look well.
    if (statuses.get(name)?.state === "dead") return;
    statuses.set(name, status);
  }

  return {
    reporter(name) {
      set(name, { state: "starting", reason: `${name} is starting` });
      return {
        starting: () => set(name, { state: "starting", reason: `${name} is starting` }),
        ready: () => set(name, { state: "ready" }),
        unreachable: (host, cause) =>
          set(name, { state: "unreachable", reason: `${name} cannot reach ${host} (${cause})` }),
        dead(failure) {
          if (statuses.get(name)?.state === "dead") return;
          set(name, {
            state: "dead",
            reason: `${name} stopped: ${failure.reason}`,
            ...(failure.setting && { setting: failure.setting }),
          });
          for (const listener of [...listeners]) listener(name, failure);
        },
      };
    },

    status: (name) => statuses.get(name),

    settle(name) {
      if (statuses.get(name)?.state === "starting") set(name, { state: "ready" });
    },

    check(name) {
      return () => {
        const status = statuses.get(name);
        if (!status) return { ok: false, reason: `${name} has not reported` };
        return status.state === "ready" ? true : { ok: false, reason: status.reason ?? status.state };
      };
    },

    onDead(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The variable an operator fixes when a messenger refuses a setting. */
const SETTING_VARIABLES: Readonly<Record<string, Partial<Record<ChannelSetting, string>>>> = {
  telegram: { token: "TELEGRAM_BOT_TOKEN" },
  vk: { token: "VK_GROUP_TOKEN", groupId: "VK_GROUP_ID" },
  max: { token: "MAX_BOT_TOKEN" },
};

export function variableFor(channel: string, setting: ChannelSetting): string {
  return SETTING_VARIABLES[channel]?.[setting] ?? `the ${channel} ${setting}`;
}

/**
 * One line for the operator when a messenger refuses a setting, naming the variable to fix, e.g.
 * "TELEGRAM_BOT_TOKEN was refused by telegram: ... Check the token (revoked? copied whole?) and restart."
 */
export function describeRefusal(
  channel: string,
  failure: ChannelFailure & { setting: ChannelSetting },
): {
  variable: string;
  message: string;
} {
  const variable = variableFor(channel, failure.setting);
  return {
    variable,
    message: `${variable} was refused by ${channel}: ${failure.reason}. Set the right value and restart.`,
  };
}
