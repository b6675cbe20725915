import type { VkClientInfo } from "./events.js";
import { CURRENT_VK_CLIENT, type VkClientCapabilities } from "./keyboard.js";
import { languageTagOf } from "./events.js";

/**
 * What each person's VK client can show and which interface language it uses, learnt from the
 * `client_info` of their latest message. VK sends it with messages only (not with button presses,
 * and never to the sender of a reminder), so this instance remembers it in memory: a hint, not state.
 * A person unknown here (a restart, another instance took their message) gets CURRENT_VK_CLIENT.
 */
export interface VkClientDirectory {
  remember(peerId: number, info: VkClientInfo): void;
  capabilities(peerId: number): VkClientCapabilities;
  /** The interface language as a tag ("ru", "en"...), if a message told it. */
  languageTag(peerId: number): string | undefined;
}

interface Entry {
  capabilities: VkClientCapabilities;
  languageTag?: string;
}

export function createVkClientDirectory(options: { maxPeers?: number } = {}): VkClientDirectory {
  const maxPeers = options.maxPeers ?? 10_000;
  const entries = new Map<number, Entry>();

  return {
    remember(peerId, info) {
      const capabilities: VkClientCapabilities = {
        keyboard: info.keyboard ?? CURRENT_VK_CLIENT.keyboard,
        inlineKeyboard: info.inline_keyboard ?? CURRENT_VK_CLIENT.inlineKeyboard,
        buttonActions: info.button_actions ?? CURRENT_VK_CLIENT.buttonActions,
      };
      const languageTag = languageTagOf(info.lang_id);
      // Re-inserting moves the peer to the end: the map's first key is the longest unseen.
      entries.delete(peerId);
      entries.set(peerId, { capabilities, ...(languageTag && { languageTag }) });
      if (entries.size > maxPeers) entries.delete(entries.keys().next().value!);
    },
    capabilities(peerId) {
      return entries.get(peerId)?.capabilities ?? CURRENT_VK_CLIENT;
    },
    languageTag(peerId) {
      return entries.get(peerId)?.languageTag;
    },
  };
}
