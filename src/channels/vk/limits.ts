/**
 * A community token may make 20 calls a second (vk-io assumes a user token's 3). Its own module, so
 * the outbox's rate gate can read it without loading vk-io (api.ts) when VK is not configured.
 */
export const VK_COMMUNITY_REQUESTS_PER_SECOND = 20;
