import type { Channel, Side } from "../../src/storage/tables.js";
import type { PersonActions } from "./channel-driver.js";
import type { FakeTelegramApi, FakeUser } from "./fake-telegram-api.js";
import type { JourneyEnv } from "./journey-env.js";

/**
 * Several people in one chat test: seeded straight into the database (a curator, mentors, mentees
 * past onboarding) and each talking through a shared fake messenger, so a test of a feature that
 * involves many people (pairing, meetings, reminders) need not walk everyone's onboarding first.
 */

const WAIT_MS = 15_000;

export async function waitFor<T>(what: string, probe: () => T | undefined, seen: () => string): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the bot said:\n${seen()}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

/** Labels carry marks ("✅ ", "2. ") and counts (" (4)"): a label is found by its start or its end. */
const labelMatches = (buttonLabel: string, label: string) =>
  buttonLabel === label || buttonLabel.endsWith(` ${label}`) || buttonLabel.startsWith(label);

export type CountedPerson = PersonActions & {
  /** Buttons pressed and commands sent (a command is a tap in the menu). */
  taps: number;
  /** Texts that had to be typed. */
  typed: number;
};

/** One user of a shared fake Bot API: what they send and press, and what the bot shows them. */
export function createTelegramPerson(fake: FakeTelegramApi, user: FakeUser): CountedPerson {
  let mark = fake.calls.length;
  const texts = (from: number) =>
    fake.calls
      .slice(from)
      .filter(
        (c) =>
          c.ok &&
          (c.method === "sendMessage" || c.method === "editMessageText") &&
          String(c.payload.chat_id) === String(user.id),
      )
      .map((c) => {
        // A message reads as its text plus its buttons, as the person sees it.
        const markup = c.payload.reply_markup as
          { inline_keyboard?: { text: string }[][] } | string | undefined;
        const keyboard = typeof markup === "string" ? (JSON.parse(markup) as typeof markup) : markup;
        const labels =
          keyboard && typeof keyboard === "object"
            ? (keyboard.inline_keyboard ?? []).flat().map((b) => b.text)
            : [];
        return [String(c.payload.text), ...labels].join("\n");
      });
  const person: CountedPerson = {
    taps: 0,
    typed: 0,
    send(text) {
      if (text.startsWith("/")) person.taps++;
      else person.typed++;
      mark = fake.calls.length;
      fake.sendText(user, text);
      return Promise.resolve();
    },
    async press(label) {
      const found = await waitFor(
        `a button "${label}"`,
        () => {
          const messages = fake.chatMessages(user.id);
          for (let i = messages.length - 1; i >= 0; i--) {
            const message = messages[i]!;
            const button = (message.reply_markup?.inline_keyboard ?? [])
              .flat()
              .find((b) => labelMatches(b.text, label));
            if (button && "callback_data" in button && button.callback_data)
              return { data: button.callback_data, messageId: message.message_id };
          }
          return undefined;
        },
        () => texts(0).slice(-3).join("\n---\n"),
      );
      person.taps++;
      mark = fake.calls.length;
      fake.pressButton(user, found.data, { messageId: found.messageId });
    },
    expectMessage(pattern) {
      return waitFor(
        `a message matching ${String(pattern)}`,
        () =>
          texts(mark).find((text) =>
            typeof pattern === "string" ? text.includes(pattern) : pattern.test(text),
          ),
        () => texts(mark).join("\n---\n"),
      );
    },
  };
  return person;
}

interface SeededAccount {
  name: string;
  channel: Channel;
  /** The messenger's user id, which is also the chat replies go to. */
  externalId: string;
}

/** An adult with a name, a language and consent, reachable on one channel. */
async function seedPerson(env: JourneyEnv, input: SeededAccount): Promise<number> {
  const { db } = env.database;
  const { id: personId } = await db
    .insertInto("person")
    .values({ display_name: input.name, locale: "ru", is_minor: false })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("consent")
    .values({ person_id: personId, kind: "personal_data", text_version: "test", given_by: "self" })
    .execute();
  await db
    .insertInto("channel_account")
    .values({
      person_id: personId,
      channel: input.channel,
      external_id: input.externalId,
      chat_id: input.externalId,
    })
    .execute();
  return personId;
}

/** A curator of the environment's organisation (or of `organisationId`). */
export async function seedCurator(
  env: JourneyEnv,
  input: SeededAccount & { organisationId?: number },
): Promise<number> {
  const personId = await seedPerson(env, input);
  await env.database.db
    .insertInto("membership")
    .values({
      person_id: personId,
      role: "curator",
      organisation_id: input.organisationId ?? env.organisationId,
    })
    .execute();
  return personId;
}

/** An active participant of the environment's programme: a teacher mentor or a pupil mentee by default. */
export async function seedParticipant(
  env: JourneyEnv,
  input: SeededAccount & { side?: Side; programId?: number },
): Promise<{ personId: number; participantId: number }> {
  const personId = await seedPerson(env, input);
  const side = input.side ?? "mentee";
  const { id: participantId } = await env.database.db
    .insertInto("participant")
    .values({
      program_id: input.programId ?? env.programId,
      person_id: personId,
      side,
      category: side === "mentor" ? "teacher" : "pupil",
      status: "active",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { personId, participantId };
}
