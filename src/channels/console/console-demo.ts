import type { Kysely } from "kysely";
import { createDemoSeeder, DEMO_CONSOLE_EXTERNAL_ID } from "../../demo/demo-seed.service.js";
import { demoTexts } from "../../demo/demo-texts.js";
import type { FormDefinition } from "../../core/forms/definition.js";
import type { Locale, Translator } from "../../i18n/translator.js";
import type { Database } from "../../storage/tables.js";

/** How many demo participants the console seeds on first run: enough to look real, seeded in seconds. */
const CONSOLE_DEMO_PARTICIPANTS = 40;

export interface ConsoleDemo {
  externalId: string;
  /** A mentee invite of the demo programme: `/start CODE` walks the whole participant journey. */
  menteeInviteCode?: string;
  mentorInviteCode?: string;
}

/**
 * Makes sure the embedded database holds the demo organisation the console logs in to, seeding it on
 * the very first run, so `npm start` with no token is a working bot within a minute.
 */
export async function ensureConsoleDemo(deps: {
  db: Kysely<Database>;
  translator: Translator;
  locale: Locale;
  timeZone: string;
  forms: readonly FormDefinition[];
  now: Date;
}): Promise<ConsoleDemo> {
  const result = await createDemoSeeder(deps.db).seed({
    participants: CONSOLE_DEMO_PARTICIPANTS,
    seed: 1,
    now: deps.now,
    timeZone: deps.timeZone,
    locale: deps.locale,
    texts: demoTexts(deps.translator, deps.locale),
    forms: deps.forms,
  });
  const invites =
    result.programId === null
      ? []
      : await deps.db
          .selectFrom("invite")
          .select(["code", "side"])
          .where("program_id", "=", result.programId)
          .where("expires_at", ">", deps.now)
          .where((eb) => eb("uses", "<", eb.ref("max_uses")))
          .orderBy("max_uses", "desc")
          .execute();
  const mentee = invites.find((i) => i.side === "mentee")?.code;
  const mentor = invites.find((i) => i.side === "mentor")?.code;
  return {
    externalId: DEMO_CONSOLE_EXTERNAL_ID,
    ...(mentee && { menteeInviteCode: mentee }),
    ...(mentor && { mentorInviteCode: mentor }),
  };
}
