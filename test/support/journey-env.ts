import { createJourneyHub, type JourneyHub } from "../../src/app/journey-hub.js";
import type { ChannelLogger } from "../../src/channels/shared/logger.js";
import { createFormRegistry } from "../../src/core/forms/registry.js";
import {
  createFormSessionService,
  type FormSessionService,
} from "../../src/form-sessions/form-session.service.js";
import { builtInForms } from "../../src/forms/index.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { createOutboxSender, type OutboxSender } from "../../src/outbox/outbox-sender.js";
import { createMeetingService, type MeetingService } from "../../src/meetings/meetings.service.js";
import { notifyPerson } from "../../src/outbox/outbox.service.js";
import { recordPairingAnswers } from "../../src/pairing/form-answers.js";
import { createTestDatabase, type TestDatabase } from "./database.js";

/**
 * What a journey test needs: a real migrated database, the real translator, forms and journey, and an
 * organisation with a pupil-mentoring programme and invites to it. Channels connect to `hub`.
 */
export interface JourneyEnv {
  database: TestDatabase;
  translator: Translator;
  forms: FormSessionService;
  hub: JourneyHub;
  /** The outbox sender of this "instance", for every channel a test connects. */
  outbox: OutboxSender;
  /** Meetings as the service wires them (its clock is the env's); its tick is the clock job's. */
  meetings: MeetingService;
  organisationId: number;
  programId: number;
  /** A multi-use mentee invite of the programme. */
  menteeCode: string;
  /** Makes another invite (single use unless told). */
  invite(options?: { side?: "mentor" | "mentee"; maxUses?: number; expiresAt?: Date }): Promise<string>;
  close(): Promise<void>;
}

export const silentLogger: ChannelLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

let inviteCounter = 0;

/** `clock`: the time the journey, forms and meetings see (tests that move through days pass their own). */
export async function createJourneyEnv(options: { clock?: () => Date } = {}): Promise<JourneyEnv> {
  const [database, translator] = await Promise.all([createTestDatabase(), loadTranslator()]);
  const { db } = database;
  const clock = options.clock ?? (() => new Date());
  const meetings = createMeetingService({
    translator,
    clock,
    defaultTimeZone: "Europe/Moscow",
    rhythm: { silentAfterDays: 21, escalateAfterDays: 7 },
    async notify(trx, notice) {
      await notifyPerson(trx, notice, { defaultTimeZone: "Europe/Moscow" });
    },
  });
  const forms = createFormSessionService({
    db,
    registry: createFormRegistry(builtInForms),
    clock,
    defaultTimeZone: "Europe/Moscow",
    async onSubmit(form, trx) {
      await recordPairingAnswers(form, trx);
      await meetings.onSubmit(form, trx);
    },
  });
  const hub = createJourneyHub({
    db,
    translator,
    forms,
    config: {
      links: { telegramUsername: "nastavnik_test_bot" },
      defaultTimeZone: "Europe/Moscow",
      // Tests answer faster than a person could.
      personFloodLimit: 0,
    },
    logger: silentLogger,
    clock,
  });
  const outbox = createOutboxSender({
    db,
    messenger: (channel) => hub.pipeline.messenger(channel),
    channels: ["telegram", "vk", "max", "console"],
    idleMs: 50,
  });
  outbox.start();
  hub.onNoticeQueued(() => outbox.poke());
  const organisationId = (
    await db
      .insertInto("organisation")
      .values({ name: "Школа № 7", kind: "school", time_zone: "Asia/Yekaterinburg" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const programId = (
    await db
      .insertInto("program")
      .values({
        organisation_id: organisationId,
        name: "Учитель — ученик",
        form_key: "teacher_pupil",
        academic_year: "2026/2027",
        status: "active",
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  async function invite(options: { side?: "mentor" | "mentee"; maxUses?: number; expiresAt?: Date } = {}) {
    // Codes in the invite alphabet (no I, L, O, U), unique per process.
    const code = `T${process.pid.toString(32).toUpperCase()}${(++inviteCounter).toString(32).toUpperCase()}`
      .replace(/[ILOU]/g, "X")
      .padEnd(12, "0")
      .slice(0, 12);
    await db
      .insertInto("invite")
      .values({
        code,
        organisation_id: organisationId,
        program_id: programId,
        side: options.side ?? "mentee",
        category: (options.side ?? "mentee") === "mentee" ? "pupil" : "teacher",
        max_uses: options.maxUses ?? 1,
        expires_at: options.expiresAt ?? new Date(Date.now() + 7 * 86_400_000),
      })
      .execute();
    return code;
  }
  const menteeCode = await invite({ maxUses: 100 });
  return {
    database,
    translator,
    forms,
    hub,
    outbox,
    meetings,
    organisationId,
    programId,
    menteeCode,
    invite,
    async close() {
      await outbox.stop();
      await database.close();
    },
  };
}
