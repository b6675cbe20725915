import type { Config } from "../config.js";

export interface InviteLinks {
  telegram?: string;
  vk?: string;
  max?: string;
}

/**
 * Deep links that open the bot with the code already filled in: Telegram passes it as `/start CODE`,
 * VK as the `ref` of the first message to the community, MAX as the payload of «Начать». Only the messengers the operator configured
 * get a link; a link to an unknown bot would send people nowhere.
 */
export function inviteLinks(links: Config["links"], code: string): InviteLinks {
  const encoded = encodeURIComponent(code);
  return {
    ...(links.telegramUsername && { telegram: `https://t.me/${links.telegramUsername}?start=${encoded}` }),
    ...(links.vkGroupId !== undefined && { vk: `https://vk.me/club${links.vkGroupId}?ref=${encoded}` }),
    ...(links.maxUsername && { max: `https://max.ru/${links.maxUsername}?start=${encoded}` }),
  };
}

export function hasAnyLinkTarget(links: Config["links"]): boolean {
  return (
    links.telegramUsername !== undefined || links.vkGroupId !== undefined || links.maxUsername !== undefined
  );
}
