import type { Kysely } from "kysely";
import { todayIn } from "../core/forms/dates.js";
import type { Translator } from "../i18n/translator.js";
import type { Notice, NoticeOutcome } from "../outbox/outbox.service.js";
import { atLocalTime } from "../pairing/local-time.js";
import { academicYearOf } from "../programs/academic-year.js";
import type { Database } from "../storage/tables.js";
import {
  buildMunicipalDigest,
  buildOrganisationDigest,
  mentionedPeople,
  municipalTimeZone,
  type MunicipalDigest,
  type OrganisationDigest,
} from "./digest.js";
import { NAMES_SHOWN, renderMunicipalDigest, renderOrganisationDigest } from "./render.js";

/** The weekly digest goes out on Monday at 09:00 on the organisation's own clock. */
export const DIGEST_WEEKDAY = 1;
export const DIGEST_HOUR = 9;

export interface DigestDependencies {
  translator: Translator;
  defaultTimeZone: string;
  notify(db: Kysely<Database>, notice: Notice): Promise<NoticeOutcome | void>;
}

/** "2026-W50": the ISO week of a calendar day, the digest's once-a-week key. */
export function isoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = date.getUTCDay() || 7;
  // The ISO week belongs to the year of its Thursday.
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const year = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** The ISO week whose Monday 09:00 has passed on this zone's clock, or undefined before then (or on another day). */
export function dueWeek(now: Date, timeZone: string): string | undefined {
  const today = todayIn(now, timeZone);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  if (weekday !== DIGEST_WEEKDAY) return undefined;
  if (now < atLocalTime(today, DIGEST_HOUR, 0, timeZone)) return undefined;
  return isoWeek(today);
}

export const organisationDigestKey = (organisationId: number, personId: number, week: string) =>
  `digest:organisation-${organisationId}:${personId}:${week}`;
export const municipalDigestKey = (municipalityId: number, personId: number, week: string) =>
  `digest:municipality-${municipalityId}:${personId}:${week}`;

/**
 * The weekly push. Every tick on a Monday after 09:00 local it finds curators and coordinators whose
 * digest for this ISO week is not in the outbox yet and queues it; the dedupe key (organisation or
 * municipality, person, week) makes a restart, a missed tick or a second instance send it once. A day
 * the service was down through 09:00 still gets its digest, later that Monday. Organisations without a
 * programme this academic year have nothing to report and get none.
 *
 * The push is text with buttons: the outbox stores no files, so the picture comes when a curator taps
 * "Chart" (a reply may carry a file), and /digest sends it at once.
 */
export function createDigestService(deps: DigestDependencies) {
  const { translator } = deps;

  async function sendOrganisation(
    db: Kysely<Database>,
    digest: OrganisationDigest,
    curatorIds: readonly number[],
    week: string,
  ): Promise<number> {
    let queued = 0;
    for (const personId of curatorIds) {
      const outcome = await deps.notify(db, {
        personId,
        kind: "digest.weekly",
        dedupeKey: organisationDigestKey(digest.organisationId, personId, week),
        mentions: mentionedPeople(digest, NAMES_SHOWN).filter((id) => id !== personId),
        render: (locale) => renderOrganisationDigest(translator, locale, digest),
      });
      if (!outcome || outcome.status !== "duplicate") queued += 1;
    }
    return queued;
  }

  async function sendMunicipal(
    db: Kysely<Database>,
    digest: MunicipalDigest,
    coordinatorIds: readonly number[],
    week: string,
  ): Promise<number> {
    let queued = 0;
    for (const personId of coordinatorIds) {
      const outcome = await deps.notify(db, {
        personId,
        kind: "digest.municipal",
        dedupeKey: municipalDigestKey(digest.municipalityId, personId, week),
        render: (locale) => renderMunicipalDigest(translator, locale, digest),
      });
      if (!outcome || outcome.status !== "duplicate") queued += 1;
    }
    return queued;
  }

  /** Queues every digest due at `now` and not yet queued this week; returns how many it queued. */
  async function tick(db: Kysely<Database>, now: Date): Promise<number> {
    const organisations = await db
      .selectFrom("organisation")
      .select(["id", "time_zone", "municipality_id"])
      .orderBy("id")
      .execute();
    const due = organisations.flatMap((o) => {
      const week = dueWeek(now, o.time_zone);
      return week ? [{ ...o, week }] : [];
    });
    let queued = 0;
    const built = new Map<number, OrganisationDigest>();
    if (due.length > 0) {
      const curators = await db
        .selectFrom("membership")
        .select(["organisation_id", "person_id"])
        .where("role", "=", "curator")
        .where(
          "organisation_id",
          "in",
          due.map((o) => o.id),
        )
        .orderBy("person_id")
        .execute();
      const wanted = due.flatMap((o) =>
        curators
          .filter((c) => c.organisation_id === o.id)
          .map((c) => ({
            organisation: o,
            personId: c.person_id,
            key: organisationDigestKey(o.id, c.person_id, o.week),
          })),
      );
      const done = await existingKeys(
        db,
        wanted.map((w) => w.key),
      );
      const open = wanted.filter((w) => !done.has(w.key));
      // Organisations without a programme this academic year send nothing, so they never get a key:
      // they are left out here rather than built again every minute of the Monday.
      const reporting = await withProgramThisYear(
        db,
        open.map((w) => w.organisation),
        now,
      );
      for (const organisationId of [...new Set(open.map((w) => w.organisation.id))]) {
        if (!reporting.has(organisationId)) continue;
        const digest = await buildOrganisationDigest(db, organisationId, now);
        if (digest) built.set(organisationId, digest);
        if (!digest || digest.programs === 0) continue;
        const mine = open.filter((w) => w.organisation.id === organisationId);
        queued += await sendOrganisation(
          db,
          digest,
          mine.map((w) => w.personId),
          mine[0]!.organisation.week,
        );
      }
    }

    const coordinators = await db
      .selectFrom("membership")
      .select(["municipality_id", "person_id"])
      .where("role", "=", "coordinator")
      .where("municipality_id", "is not", null)
      .orderBy("person_id")
      .execute();
    for (const municipalityId of [...new Set(coordinators.map((c) => c.municipality_id!))]) {
      const timeZone = municipalTimeZone(
        organisations.filter((o) => o.municipality_id === municipalityId),
        deps.defaultTimeZone,
      );
      const week = dueWeek(now, timeZone);
      if (!week) continue;
      const people = coordinators.filter((c) => c.municipality_id === municipalityId).map((c) => c.person_id);
      const done = await existingKeys(
        db,
        people.map((p) => municipalDigestKey(municipalityId, p, week)),
      );
      const open = people.filter((p) => !done.has(municipalDigestKey(municipalityId, p, week)));
      if (open.length === 0) continue;
      const digest = await buildMunicipalDigest(db, municipalityId, now, deps.defaultTimeZone, built);
      if (!digest || digest.organisations.length === 0) continue;
      queued += await sendMunicipal(db, digest, open, week);
    }
    return queued;
  }

  /**
   * A digest sent now, outside the schedule (the command line): keyed by this week like the weekly
   * one, so it takes that one's place rather than doubling it.
   */
  async function sendNow(db: Kysely<Database>, organisationId: number, now: Date): Promise<number> {
    const digest = await buildOrganisationDigest(db, organisationId, now);
    if (!digest) return 0;
    const curators = await db
      .selectFrom("membership")
      .select("person_id")
      .where("role", "=", "curator")
      .where("organisation_id", "=", organisationId)
      .orderBy("person_id")
      .execute();
    return sendOrganisation(
      db,
      digest,
      curators.map((c) => c.person_id),
      isoWeek(digest.today),
    );
  }

  return { tick, sendNow, sendOrganisation, sendMunicipal };
}

export type DigestService = ReturnType<typeof createDigestService>;

async function withProgramThisYear(
  db: Kysely<Database>,
  organisations: readonly { id: number; time_zone: string }[],
  now: Date,
): Promise<Set<number>> {
  if (organisations.length === 0) return new Set();
  const programs = await db
    .selectFrom("program")
    .select(["organisation_id", "academic_year"])
    .distinct()
    .where(
      "organisation_id",
      "in",
      organisations.map((o) => o.id),
    )
    .where("status", "!=", "archived")
    .execute();
  return new Set(
    organisations
      .filter((o) =>
        programs.some(
          (p) => p.organisation_id === o.id && p.academic_year === digestAcademicYear(now, o.time_zone),
        ),
      )
      .map((o) => o.id),
  );
}

async function existingKeys(db: Kysely<Database>, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.selectFrom("delivery").select("dedupe_key").where("dedupe_key", "in", keys).execute();
  return new Set(rows.map((r) => r.dedupe_key));
}

/** The academic year a digest made at `now` in `timeZone` reports on. */
export function digestAcademicYear(now: Date, timeZone: string): string {
  return academicYearOf(todayIn(now, timeZone));
}
