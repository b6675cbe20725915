import type { IncomingMessage, ServerResponse } from "node:http";
import { run, type RunnerHandle } from "@grammyjs/runner";
import { webhookCallback } from "grammy";
import type { ChannelRunner } from "../shared/channel.js";
import type { Messenger } from "../../core/ports.js";
import {
  createTelegramBot,
  TELEGRAM_ALLOWED_UPDATES,
  type TelegramBot,
  type TelegramBotOptions,
} from "./bot.js";
import { describeError } from "./errors.js";

export type TelegramMode =
  /** One instance asks Telegram for updates (@grammyjs/runner). */
  | { kind: "polling"; timeoutSeconds?: number }
  /**
   * Telegram posts updates to `url`, where `handleWebhook` must be mounted; several instances may
   * share it behind a load balancer. Without `url` the webhook is assumed to be set already.
   */
  | { kind: "webhook"; secret: string; url?: string };

export interface TelegramChannelOptions extends TelegramBotOptions {
  mode: TelegramMode;
  /** Called when polling stops for good (token revoked, another instance polling the same bot). */
  onFatal?: (error: unknown) => void;
  /** How long a webhook request may take before Telegram gets its answer and work goes on (ms). */
  webhookTimeoutMs?: number;
}

export type WebhookHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface TelegramChannel extends ChannelRunner {
  readonly name: "telegram";
  readonly telegram: TelegramBot;
  readonly messenger: Messenger;
  /**
   * Webhook mode only: the Node handler for Telegram's POSTs. A request without the right
   * X-Telegram-Bot-Api-Secret-Token gets 401 and changes nothing; after stop() every request gets 503
   * so Telegram delivers it again, to an instance still running.
   */
  readonly handleWebhook?: WebhookHandler;
}

/**
 * The Telegram channel as the composition root sees it: start, stop, and in webhook mode a request
 * handler to mount on the service's HTTP server.
 */
export function createTelegramChannel(options: TelegramChannelOptions): TelegramChannel {
  const { logger, mode } = options;
  const telegram = createTelegramBot(options);
  const { bot } = telegram;
  let runner: RunnerHandle | undefined;
  let accepting = false;

  async function prepare(): Promise<void> {
    await bot.init();
    try {
      await telegram.registerCommands();
    } catch (error) {
      // The command menu is a convenience; a bot without it still works.
      logger.warn({ error: describeError(error) }, "telegram commands not registered");
    }
  }

  let handleWebhook: WebhookHandler | undefined;
  if (mode.kind === "webhook") {
    const callback = webhookCallback(bot, "http", {
      secretToken: mode.secret,
      // Answer Telegram in time and let the update finish; the ledger makes a redelivery harmless.
      onTimeout: "return",
      timeoutMilliseconds: options.webhookTimeoutMs ?? 50_000,
    });
    handleWebhook = async (req, res) => {
      if (!accepting) {
        res.writeHead(503).end();
        return;
      }
      try {
        await callback(req, res);
      } catch (error) {
        // Errors in the journey never get here (the bot's error boundary takes them); this is the
        // ledger or the account store failing, or a body that is not JSON. A 500 makes Telegram retry.
        logger.error({ error: describeError(error) }, "telegram webhook request failed");
        if (!res.headersSent) res.writeHead(500).end();
      }
    };
  }

  return {
    name: "telegram",
    telegram,
    messenger: telegram.messenger,
    ...(handleWebhook && { handleWebhook }),

    async start() {
      await prepare();
      if (mode.kind === "webhook") {
        if (mode.url) {
          await bot.api.setWebhook(mode.url, {
            secret_token: mode.secret,
            allowed_updates: [...TELEGRAM_ALLOWED_UPDATES],
          });
        }
        accepting = true;
        logger.info({ mode: "webhook" }, "telegram channel started");
        return;
      }
      // Polling and a webhook exclude each other; updates still pending are kept, not dropped.
      await bot.api.deleteWebhook({ drop_pending_updates: false });
      runner = run(bot, {
        runner: {
          fetch: {
            allowed_updates: [...TELEGRAM_ALLOWED_UPDATES],
            ...(mode.timeoutSeconds !== undefined && { timeout: mode.timeoutSeconds }),
          },
          // Failed getUpdates calls are logged by the bot's API transformer instead of console.error.
          silent: true,
        },
      });
      const task = runner.task();
      task?.catch((error: unknown) => {
        logger.error({ error: describeError(error) }, "telegram polling stopped");
        options.onFatal?.(error);
      });
      logger.info({ mode: "polling" }, "telegram channel started");
    },

    async stop() {
      accepting = false;
      if (runner?.isRunning()) await runner.stop();
      runner = undefined;
      await telegram.idle();
      logger.info({}, "telegram channel stopped");
    },
  };
}
