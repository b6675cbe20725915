import type { ButtonAction, MessageRef, OutboundButton, OutboundMessage } from "../core/messages.js";
import { organisationsVisibleTo, type VisibleOrganisation } from "../exports/access.js";
import { recordAudit } from "../exports/audit-log.js";
import {
  EXPORT_FORMATS,
  EXPORT_SUBJECTS,
  isExportFormat,
  isExportSubject,
  runExport,
} from "../exports/organisation-export.js";
import { collectOwnData } from "../exports/own-data.js";
import { academicYearOf, isAcademicYear, todayIn } from "../programs/academic-year.js";
import type { Turn } from "./turn.js";

/**
 * Buttons of /export: `exp` with the organisation as session, what as question, and as value the
 * format, `@` and the school year the export is limited to (`xlsx@2026/2027`; `@2026/2027` alone
 * switches the format choice to that year; no year: every year).
 */
const EXPORT_BUTTON = "exp";
const PAGE_SIZE = 8;

const exportButton = (
  label: string,
  organisationId?: number,
  what?: string,
  format?: string,
  page?: number,
): OutboundButton => ({
  label,
  action: {
    type: EXPORT_BUTTON,
    ...(organisationId !== undefined && { session: organisationId }),
    ...(what !== undefined && { question: what }),
    ...(format !== undefined && { value: format }),
    ...(page !== undefined && { page }),
  },
});

function show(turn: Turn, message: OutboundMessage, pressed: MessageRef | undefined): Promise<void> {
  if (!pressed) return turn.send(message);
  turn.edit(pressed, message);
  return Promise.resolve();
}

const viewer = (turn: Turn) => ({ kind: "person" as const, personId: turn.person.personId });

/**
 * /export: a curator or a municipal coordinator chooses the organisation (when they see several),
 * then what to export, then the format; the file comes back as a document. Anyone else is refused.
 */
export async function startExport(turn: Turn): Promise<void> {
  const visible = await organisationsVisibleTo(turn.db, viewer(turn));
  if (visible.length === 0) return turn.send({ text: turn.t("access-export-refused") });
  const [only] = visible;
  if (visible.length === 1 && only) return turn.send(subjectChoice(turn, only));
  return turn.send(organisationChoice(turn, visible, 0));
}

/** A press on an /export button; false when the button is not one of them. */
export async function handleExportButton(
  turn: Turn,
  action: ButtonAction,
  pressed: MessageRef | undefined,
): Promise<boolean> {
  if (action.type !== EXPORT_BUTTON) return false;
  const organisationId = action.session;
  if (organisationId === undefined) {
    const visible = await organisationsVisibleTo(turn.db, viewer(turn));
    if (visible.length === 0) await turn.send({ text: turn.t("access-export-refused") });
    else await show(turn, organisationChoice(turn, visible, action.page ?? 0), pressed);
    return true;
  }
  // Checked again on every press: a membership may have ended since the menu was sent.
  const [organisation] = await organisationsVisibleTo(turn.db, viewer(turn), organisationId);
  if (!organisation) {
    await turn.send({ text: turn.t("access-export-refused") });
    return true;
  }
  const what = action.question;
  if (what === undefined) {
    await show(turn, subjectChoice(turn, organisation), pressed);
    return true;
  }
  if (!isExportSubject(what)) return false;
  const [format, year] = (action.value ?? "").split("@") as [string, string | undefined];
  if (year !== undefined && !isAcademicYear(year)) return false;
  if (format === "") {
    await show(
      turn,
      formatChoice(turn, organisation, what, await currentYear(turn, organisationId), year),
      pressed,
    );
    return true;
  }
  if (!isExportFormat(format)) return false;
  const result = await runExport(turn.db, {
    viewer: viewer(turn),
    channel: turn.event.channel,
    organisationId,
    what,
    format,
    ...(year !== undefined && { academicYear: year }),
    locale: await turn.locale(),
    translator: turn.deps.translator,
    forms: turn.forms.definitions(),
    now: turn.deps.clock(),
  });
  if (result.kind !== "done") {
    await turn.send({ text: turn.t("access-export-refused") });
    return true;
  }
  const { files, rowCount } = result.export;
  const part = turn.t(`access-export-subject-${what}`);
  const subject = year === undefined ? part : turn.t("access-export-subject-year", { subject: part, year });
  if (pressed)
    turn.edit(pressed, {
      text: turn.t("access-export-preparing", { organisation: organisation.name, subject }),
    });
  const [first, ...rest] = files;
  if (first) {
    await turn.send({
      text: turn.t("access-export-caption", { organisation: organisation.name, subject, rows: rowCount }),
      document: first,
    });
  }
  for (const file of rest) await turn.send({ text: file.fileName, document: file });
  return true;
}

function organisationChoice(turn: Turn, visible: VisibleOrganisation[], page: number): OutboundMessage {
  const pages = Math.max(1, Math.ceil(visible.length / PAGE_SIZE));
  const current = Math.min(Math.max(page, 0), pages - 1);
  const rows = visible
    .slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE)
    .map((organisation) => [exportButton(organisation.name, organisation.id)]);
  const nav: OutboundButton[] = [];
  if (current > 0)
    nav.push(exportButton(turn.t("access-export-previous"), undefined, undefined, undefined, current - 1));
  if (current < pages - 1)
    nav.push(exportButton(turn.t("access-export-next"), undefined, undefined, undefined, current + 1));
  if (nav.length > 0) rows.push(nav);
  return { text: turn.t("access-export-choose-organisation", { count: visible.length }), buttons: rows };
}

function subjectChoice(turn: Turn, organisation: VisibleOrganisation): OutboundMessage {
  return {
    text: turn.t("access-export-choose-subject", { organisation: organisation.name }),
    buttons: EXPORT_SUBJECTS.map((what) => [
      exportButton(turn.t(`access-export-subject-${what}`), organisation.id, what),
    ]),
  };
}

/** The school year it is now on the organisation's clock. */
async function currentYear(turn: Turn, organisationId: number): Promise<string> {
  const organisation = await turn.db
    .selectFrom("organisation")
    .select("time_zone")
    .where("id", "=", organisationId)
    .executeTakeFirst();
  return academicYearOf(todayIn(organisation?.time_zone ?? turn.deps.defaultTimeZone, turn.deps.clock()));
}

/**
 * The formats, for every year (as the command line exports by default) or for one school year (what
 * the quarterly and yearly reports upward need); one button switches between the two.
 */
function formatChoice(
  turn: Turn,
  organisation: VisibleOrganisation,
  what: string,
  thisYear: string,
  year?: string,
): OutboundMessage {
  const subject = turn.t(`access-export-subject-${what}`);
  const scope = year === undefined ? "" : `@${year}`;
  return {
    text:
      year === undefined
        ? turn.t("access-export-choose-format", { organisation: organisation.name, subject })
        : turn.t("access-export-choose-format-year", { organisation: organisation.name, subject, year }),
    buttons: [
      EXPORT_FORMATS.map((format) =>
        exportButton(turn.t(`access-export-format-${format}`), organisation.id, what, `${format}${scope}`),
      ),
      [
        year === undefined
          ? exportButton(
              turn.t("access-export-only-year", { year: thisYear }),
              organisation.id,
              what,
              `@${thisYear}`,
            )
          : exportButton(turn.t("access-export-every-year"), organisation.id, what),
      ],
      [exportButton(turn.t("access-export-back"), organisation.id)],
    ],
  };
}

/**
 * /mydata (152-FZ art. 14): a short account of what the service holds about the person, and the
 * whole of it as a file. Works at any step of onboarding: the right does not wait for a profile.
 */
export async function sendOwnData(turn: Turn): Promise<void> {
  const now = turn.deps.clock();
  const locale = await turn.locale();
  const personZone = await turn.db
    .selectFrom("person")
    .select("time_zone")
    .where("id", "=", turn.person.personId)
    .executeTakeFirst();
  const timeZone =
    personZone?.time_zone ?? turn.person.participations[0]?.organisationTimeZone ?? turn.deps.defaultTimeZone;
  const collected = await collectOwnData(turn.db, {
    personId: turn.person.personId,
    locale,
    translator: turn.deps.translator,
    forms: turn.forms.definitions(),
    now,
    timeZone,
  });
  if (!collected) return turn.send({ text: turn.t("access-mydata-none") });
  const { summary, document } = collected;
  await recordAudit(turn.db, {
    actorPersonId: turn.person.personId,
    actorRole: "participant",
    channel: turn.event.channel,
    action: "own_data",
    subject: "own_data",
    format: "json",
    at: now,
  });
  const t = (key: string, args?: Parameters<Turn["t"]>[1]) => turn.deps.translator.t(locale, key, args);
  await turn.send({
    text: t("access-mydata-summary", {
      name: turn.person.displayName ?? t("export-pairs-unnamed-person"),
      accounts: summary.accounts,
      consents: summary.consents,
      programs: summary.programs,
      forms: summary.formCount,
      answers: summary.answerCount,
      pairs: summary.pairCount,
      meetings: summary.meetingCount,
      messages: summary.messageCount,
    }),
  });
  await turn.send({ text: t("access-mydata-caption"), document });
}
