import type { OutboundButton, OutboundMessage, TextMessage } from "../core/messages.js";
import type { Locale, Translator } from "../i18n/translator.js";
import { formatDay } from "../pairing/pairing.service.js";
import { indicatorChartSvg, renderPng, type ChartGroup } from "./chart.js";
import {
  SILENT_AFTER_DAYS,
  type MunicipalDigest,
  type OrganisationDigest,
  type PersonRef,
  type SilentPair,
  type StageRef,
} from "./digest.js";
import { INDICATOR_KEYS, type IndicatorKey, type IndicatorValue } from "./indicators.js";

/** Names shown in a digest line before "and N more" (the rest is behind a button). */
export const NAMES_SHOWN = 3;
/** Names a details screen lists before "and N more": a phone screen, not a register. */
const DETAILS_SHOWN = 40;

export type DigestDetail = "consents" | "forms" | "unmatched" | "silent";

/** What a digest's buttons carry: `session` is the organisation (or the municipality for "mchart"). */
export const digestAction = (verb: string, id: number) => ({ type: "digest", question: verb, session: id });

type T = (key: string, args?: Record<string, string | number>) => string;

export function indicatorLabelKey(key: IndicatorKey): string {
  return `digest-indicator-${key.replaceAll("_", "-")}`;
}

function numberFormat(locale: Locale, value: number): string {
  return new Intl.NumberFormat(locale === "ru" ? "ru-RU" : "en-GB", { maximumFractionDigits: 1 }).format(
    value,
  );
}

function personName(t: T, person: PersonRef): string {
  return person.name ?? t("digest-unnamed", { id: person.participantId });
}

function names(t: T, people: readonly PersonRef[], shown: number, describe = personName): string {
  const listed = people.slice(0, shown).map((p) => describe(t, p));
  const rest = people.length - listed.length;
  return rest > 0 ? `${listed.join(", ")} ${t("digest-more", { count: rest })}` : listed.join(", ");
}

function silentName(t: T, pair: PersonRef): string {
  return t("digest-silent-pair", { name: personName(t, pair), days: (pair as SilentPair).days });
}

export function stageTitle(translator: Translator, locale: Locale, stage: StageRef): string {
  const own = stage.titleTexts?.[locale] ?? stage.titleTexts?.ru;
  if (own) return own;
  return stage.titleKey && translator.has(locale, stage.titleKey)
    ? translator.t(locale, stage.titleKey)
    : stage.key;
}

/** One indicator as a line: value against target, or what is missing. */
export function indicatorLine(t: T, locale: Locale, value: IndicatorValue): string {
  const label = t(indicatorLabelKey(value.key));
  const target = numberFormat(locale, value.target);
  if (value.percent === null) {
    const why =
      value.count === null
        ? t("digest-indicator-no-count")
        : value.denominator === 0 || value.key.endsWith("satisfaction")
          ? t("digest-indicator-no-answers")
          : t("digest-indicator-no-denominator", { count: value.count });
    return t("digest-indicator-unknown", { label, why, target });
  }
  return t(value.met ? "digest-indicator-met" : "digest-indicator-below", {
    label,
    percent: Math.round(value.percent),
    count: value.count ?? 0,
    denominator: value.denominator ?? 0,
    target,
  });
}

/** An organisation's digest as a chat message: short lines, a few names, details behind buttons. */
export function renderOrganisationDigest(
  translator: Translator,
  locale: Locale,
  digest: OrganisationDigest,
): TextMessage {
  const t: T = (key, args) => translator.t(locale, key, args);
  const lines: string[] = [
    t("digest-title", { organisation: digest.name }),
    t("digest-subtitle", {
      day: formatDay(digest.today, locale),
      programs: digest.programs,
      mentors: digest.active.mentors,
      mentees: digest.active.mentees,
    }),
    "",
    t("digest-new", {
      count: digest.newParticipants.mentors + digest.newParticipants.mentees,
      mentors: digest.newParticipants.mentors,
      mentees: digest.newParticipants.mentees,
    }),
  ];
  if (digest.consentsMissing.length > 0)
    lines.push(
      t("digest-consents", {
        count: digest.consentsMissing.length,
        names: names(t, digest.consentsMissing, NAMES_SHOWN),
      }),
    );
  if (digest.entryFormsPending.length > 0)
    lines.push(
      t("digest-forms", {
        count: digest.entryFormsPending.length,
        names: names(t, digest.entryFormsPending, NAMES_SHOWN),
      }),
    );
  lines.push(t("digest-pairs", { ...digest.pairs }));
  if (digest.unmatchedMentees.length > 0)
    lines.push(
      t("digest-unmatched", {
        count: digest.unmatchedMentees.length,
        names: names(t, digest.unmatchedMentees, NAMES_SHOWN),
      }),
    );
  lines.push(t("digest-meetings", { count: digest.meetingsThisWeek }));
  if (digest.silentPairs.length > 0)
    lines.push(
      t("digest-silent", {
        count: digest.silentPairs.length,
        days: SILENT_AFTER_DAYS,
        names: names(t, digest.silentPairs, NAMES_SHOWN, silentName),
      }),
    );
  const { satisfaction } = digest;
  const mean = (m: { mean: number | null; answered: number }) =>
    m.mean === null
      ? t("digest-no-answers")
      : t("digest-mean", { mean: numberFormat(locale, m.mean), answered: m.answered });
  if (satisfaction.mentees.answered + satisfaction.mentors.answered + satisfaction.interim.answered > 0) {
    lines.push(
      t("digest-satisfaction", { mentees: mean(satisfaction.mentees), mentors: mean(satisfaction.mentors) }),
    );
    if (satisfaction.interim.answered > 0)
      lines.push(t("digest-interim", { mean: mean(satisfaction.interim), want: satisfaction.wantCurator }));
  }
  lines.push("", t("digest-indicators", { year: digest.academicYear }));
  for (const value of digest.indicators.indicators) lines.push(indicatorLine(t, locale, value));
  if (digest.openTasks.length > 0 || digest.pairs.proposed > 0) {
    lines.push("", t("digest-tasks"));
    for (const stage of digest.openTasks)
      lines.push(
        t("digest-task", {
          title: stageTitle(translator, locale, stage),
          until: formatDay(stage.closesOn, locale),
        }),
      );
    if (digest.pairs.proposed > 0)
      lines.push(t("digest-task-confirm-pairs", { count: digest.pairs.proposed }));
  }
  if (digest.nextStages.length > 0) {
    lines.push("", t("digest-next-stages"));
    for (const stage of digest.nextStages)
      lines.push(
        t("digest-stage", {
          title: stageTitle(translator, locale, stage),
          day: formatDay(stage.opensOn, locale),
          program: stage.programName,
        }),
      );
  }
  if (digest.failedDeliveries > 0) lines.push("", t("digest-failed", { count: digest.failedDeliveries }));

  const id = digest.organisationId;
  const details: OutboundButton[] = [];
  if (digest.consentsMissing.length > 0)
    details.push({ label: t("digest-button-consents"), action: digestAction("consents", id) });
  if (digest.entryFormsPending.length > 0)
    details.push({ label: t("digest-button-forms"), action: digestAction("forms", id) });
  if (digest.unmatchedMentees.length > 0)
    details.push({ label: t("digest-button-unmatched"), action: digestAction("unmatched", id) });
  if (digest.silentPairs.length > 0)
    details.push({ label: t("digest-button-silent"), action: digestAction("silent", id) });
  const buttons: OutboundButton[][] = [
    [
      { label: t("digest-button-chart"), action: digestAction("chart", id) },
      { label: t("digest-button-indicators"), action: digestAction("indicators", id) },
    ],
  ];
  for (let i = 0; i < details.length; i += 2) buttons.push(details.slice(i, i + 2));
  return { text: lines.join("\n"), buttons };
}

/** Everyone behind one of the digest's lists, for the button under it. */
export function renderDigestDetail(
  translator: Translator,
  locale: Locale,
  digest: OrganisationDigest,
  detail: DigestDetail,
): TextMessage {
  const t: T = (key, args) => translator.t(locale, key, args);
  const list =
    detail === "consents"
      ? digest.consentsMissing
      : detail === "forms"
        ? digest.entryFormsPending
        : detail === "unmatched"
          ? digest.unmatchedMentees
          : digest.silentPairs;
  const describe = detail === "silent" ? silentName : personName;
  const shown = list.slice(0, DETAILS_SHOWN).map((p) => `• ${describe(t, p)}`);
  if (list.length > DETAILS_SHOWN) shown.push(t("digest-more", { count: list.length - DETAILS_SHOWN }));
  return {
    text: [t(`digest-detail-${detail}`, { organisation: digest.name, count: list.length }), ...shown].join(
      "\n",
    ),
  };
}

/** The municipality's digest: each organisation on a line, then each indicator across them. */
export function renderMunicipalDigest(
  translator: Translator,
  locale: Locale,
  digest: MunicipalDigest,
): TextMessage {
  const t: T = (key, args) => translator.t(locale, key, args);
  const lines = [
    t("digest-municipal-title", { municipality: digest.name }),
    t("digest-municipal-subtitle", {
      day: formatDay(digest.today, locale),
      organisations: digest.organisations.length,
    }),
    "",
  ];
  // One organisation, two lines: its week, then its six indicators side by side (reached/target, in
  // INDICATOR_KEYS order), so thirty schools still read on a phone.
  for (const org of digest.organisations) {
    lines.push(
      t("digest-municipal-organisation", {
        organisation: org.name,
        id: org.organisationId,
        participants: org.active.mentors + org.active.mentees,
        pairs: org.pairs.confirmed,
        meetings: org.meetingsThisWeek,
        silent: org.silentPairs.length,
        consents: org.consentsMissing.length,
        forms: org.entryFormsPending.length,
      }),
    );
    const cells = org.indicators.indicators.map((value) => {
      const reached = value.percent === null ? "—" : String(Math.round(value.percent));
      const mark = value.met === null ? "" : value.met ? "✅" : "🔸";
      return `${reached}/${numberFormat(locale, value.target)}${mark}`;
    });
    lines.push(t("digest-municipal-indicators-row", { cells: cells.join(" · ") }));
  }
  lines.push(
    "",
    t("digest-municipal-indicators-legend", {
      year: digest.academicYear,
      labels: INDICATOR_KEYS.map((key) => t(indicatorLabelKey(key))).join(" · "),
    }),
  );
  return {
    text: lines.join("\n"),
    buttons: [[{ label: t("digest-button-chart"), action: digestAction("mchart", digest.municipalityId) }]],
  };
}

function chartGroups(t: T, organisations: readonly OrganisationDigest[]): ChartGroup[] {
  return INDICATOR_KEYS.map((key, index) => ({
    title: t(indicatorLabelKey(key)),
    bars: organisations.map((org) => {
      const value = org.indicators.indicators[index]!;
      return {
        label: org.name,
        value: value.percent,
        target: value.target,
        unknownText:
          value.count === null
            ? t("digest-chart-no-count")
            : key.endsWith("satisfaction")
              ? t("digest-indicator-no-answers")
              : t("digest-chart-no-denominator"),
      };
    }),
  }));
}

/** Meetings per week, summed across the organisations (their weeks line up: same academic year). */
function meetingWeeks(locale: Locale, organisations: readonly OrganisationDigest[]) {
  const counts = new Map<string, number>();
  for (const org of organisations)
    for (const week of org.meetingsByWeek)
      counts.set(week.monday, (counts.get(week.monday) ?? 0) + week.count);
  const format = new Intl.DateTimeFormat(locale === "ru" ? "ru-RU" : "en-GB", {
    day: "numeric",
    month: "numeric",
    timeZone: "UTC",
  });
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([monday, count]) => ({ label: format.format(new Date(`${monday}T00:00:00Z`)), count }));
}

/** The indicators picture as a document for a reply (files never go through the outbox). */
export function renderChart(
  translator: Translator,
  locale: Locale,
  subject: {
    name: string;
    today: string;
    academicYear: string;
    organisations: readonly OrganisationDigest[];
  },
): OutboundMessage {
  const t: T = (key, args) => translator.t(locale, key, args);
  const svg = indicatorChartSvg({
    title: t("digest-chart-title"),
    subtitle: t("digest-chart-subtitle", {
      name: subject.name,
      year: subject.academicYear,
      day: formatDay(subject.today, locale),
    }),
    groups: chartGroups(t, subject.organisations),
    legend: { value: t("digest-chart-legend-value"), target: t("digest-chart-legend-target") },
    weeks: { title: t("digest-chart-weeks-title"), bars: meetingWeeks(locale, subject.organisations) },
  });
  return {
    text: t("digest-chart-caption", { name: subject.name }),
    document: {
      fileName: `indicators-${subject.today}.png`,
      mimeType: "image/png",
      content: renderPng(svg),
    },
  };
}
