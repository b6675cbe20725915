import { todayIn } from "../../core/forms/dates.js";
import { buildMunicipalDigest, buildOrganisationDigest } from "../../digest/digest.js";
import { createDigestService, isoWeek } from "../../digest/digest.service.js";
import {
  INDICATOR_KEYS,
  computeIndicators,
  seedTarget,
  setIndicator,
  type IndicatorKey,
} from "../../digest/indicators.js";
import { writeFile } from "node:fs/promises";
import {
  indicatorLabelKey,
  renderChart,
  renderMunicipalDigest,
  renderOrganisationDigest,
} from "../../digest/render.js";
import { notifyPerson } from "../../outbox/outbox.service.js";
import { academicYearOf } from "../../programs/academic-year.js";
import {
  defineCommand,
  failed,
  optional,
  required,
  translate,
  type CliDeps,
  type CommandResult,
} from "../command.js";
import { academicYear, id, integer, oneOf, text as textOption } from "../option-values.js";

/**
 * The digest and the indicators from the command line: the digest's text printed (--dry-run) or
 * queued for the curators (or coordinators) now, the indicators of a year with the seeds' default
 * targets beside them, and an entry of a denominator, a count or a target. The same code as the chat.
 */

function digests(deps: CliDeps) {
  return createDigestService({
    translator: deps.translator,
    defaultTimeZone: deps.config.defaultTimeZone,
    notify: (db, notice) =>
      notifyPerson(db, notice, { defaultTimeZone: deps.config.defaultTimeZone, now: deps.now() }),
  });
}

async function organisationOf(deps: CliDeps, organisationId: number) {
  return deps.db
    .selectFrom("organisation")
    .select(["id", "name", "time_zone"])
    .where("id", "=", organisationId)
    .executeTakeFirst();
}

const unknownOrganisation = (organisationId: number): CommandResult =>
  failed({
    option: "--organisation",
    key: "digest-cli-unknown-organisation",
    args: { id: String(organisationId) },
  });

export const digestCommand = defineCommand({
  name: "digest",
  summary: "digest-cli-command",
  options: {
    organisation: optional(id(), "digest-cli-help-organisation"),
    municipality: optional(id(), "digest-cli-help-municipality"),
    "dry-run": { kind: "flag", help: "digest-cli-help-dry-run" },
    chart: optional(textOption(500), "digest-cli-help-chart"),
  },
  check(values) {
    if ((values.organisation === undefined) === (values.municipality === undefined))
      return { option: "--organisation", key: "digest-cli-one-scope" };
    return undefined;
  },
  async run(deps, values) {
    const now = deps.now();
    if (values.municipality !== undefined) {
      const digest = await buildMunicipalDigest(
        deps.db,
        values.municipality,
        now,
        deps.config.defaultTimeZone,
      );
      if (!digest)
        return failed({
          option: "--municipality",
          key: "digest-cli-unknown-municipality",
          args: { id: String(values.municipality) },
        });
      const text = renderMunicipalDigest(deps.translator, deps.locale, digest).text;
      if (values.chart) await writeChart(deps, values.chart, digest);
      if (values["dry-run"])
        return { ok: true, json: { municipalityId: digest.municipalityId, text }, lines: text.split("\n") };
      const coordinators = await deps.db
        .selectFrom("membership")
        .select("person_id")
        .where("role", "=", "coordinator")
        .where("municipality_id", "=", digest.municipalityId)
        .orderBy("person_id")
        .execute();
      const queued = await digests(deps).sendMunicipal(
        deps.db,
        digest,
        coordinators.map((c) => c.person_id),
        isoWeek(digest.today),
      );
      return {
        ok: true,
        json: { municipalityId: digest.municipalityId, queued },
        lines: [translate(deps)("digest-cli-queued", { count: queued })],
      };
    }
    const organisationId = values.organisation!;
    const digest = await buildOrganisationDigest(deps.db, organisationId, now);
    if (!digest) return unknownOrganisation(organisationId);
    const text = renderOrganisationDigest(deps.translator, deps.locale, digest).text;
    if (values.chart) await writeChart(deps, values.chart, { ...digest, organisations: [digest] });
    if (values["dry-run"]) return { ok: true, json: { organisationId, text }, lines: text.split("\n") };
    const queued = await digests(deps).sendNow(deps.db, organisationId, now);
    return {
      ok: true,
      json: { organisationId, queued },
      lines: [translate(deps)("digest-cli-queued", { count: queued })],
    };
  },
});

/** The picture the chat's "Chart" button sends, written to a file for the operator. */
async function writeChart(
  deps: CliDeps,
  file: string,
  subject: Parameters<typeof renderChart>[2],
): Promise<void> {
  const chart = renderChart(deps.translator, deps.locale, subject);
  await writeFile(file, chart.document!.content);
}

async function indicatorLines(
  deps: CliDeps,
  organisation: { id: number; name: string },
  year: string,
): Promise<{ lines: string[]; json: Record<string, unknown> }> {
  const t = translate(deps);
  const [report] = await computeIndicators(deps.db, {
    organisationIds: [organisation.id],
    academicYear: year,
    now: deps.now(),
  });
  const lines = [
    t("digest-cli-indicators-title", {
      organisation: organisation.name,
      year,
      yearOfModel: report!.yearOfModel,
    }),
  ];
  for (const value of report!.indicators) {
    lines.push(
      t("digest-cli-indicator", {
        key: value.key,
        label: t(indicatorLabelKey(value.key)),
        count: value.count ?? "—",
        denominator: value.denominator ?? "—",
        percent: value.percent === null ? "—" : `${Math.round(value.percent)}%`,
        target: value.target,
        source: value.targetSource,
        seed: seedTarget(value.key, report!.yearOfModel),
      }),
    );
  }
  return { lines, json: { ...report! } };
}

/** The academic year asked for, else the organisation's current one. */
function yearOf(deps: CliDeps, timeZone: string, year: string | undefined): string {
  return year ?? academicYearOf(todayIn(deps.now(), timeZone));
}

export const indicatorsCommand = defineCommand({
  name: "indicators",
  summary: "digest-cli-indicators-command",
  options: {
    organisation: required(id(), "digest-cli-help-organisation"),
    year: optional(academicYear(), "digest-cli-help-year"),
  },
  async run(deps, values) {
    const organisation = await organisationOf(deps, values.organisation);
    if (!organisation) return unknownOrganisation(values.organisation);
    const year = yearOf(deps, organisation.time_zone, values.year);
    const { lines, json } = await indicatorLines(deps, organisation, year);
    return { ok: true, json, lines };
  },
});

const SHARE_OF_POPULATION: readonly IndicatorKey[] = ["mentees_10_18", "mentors_15_18", "young_teachers"];

export const setIndicatorCommand = defineCommand({
  name: "set-indicator",
  summary: "digest-cli-set-command",
  options: {
    organisation: required(id(), "digest-cli-help-organisation"),
    key: required(oneOf(INDICATOR_KEYS), "digest-cli-help-key"),
    year: optional(academicYear(), "digest-cli-help-year"),
    denominator: optional(integer(0, 100_000_000), "digest-cli-help-denominator"),
    count: optional(integer(0, 100_000_000), "digest-cli-help-count"),
    target: optional(integer(0, 100), "digest-cli-help-target"),
  },
  check(values) {
    if (values.denominator === undefined && values.count === undefined && values.target === undefined)
      return { option: "--target", key: "digest-cli-set-nothing" };
    if (values.count !== undefined && values.key !== "partner_organisations")
      return { option: "--count", key: "digest-cli-count-only-partners" };
    if (
      values.denominator !== undefined &&
      !SHARE_OF_POPULATION.includes(values.key) &&
      values.key !== "partner_organisations"
    )
      return { option: "--denominator", key: "digest-cli-no-denominator-for-surveys" };
    return undefined;
  },
  async run(deps, values) {
    const organisation = await organisationOf(deps, values.organisation);
    if (!organisation) return unknownOrganisation(values.organisation);
    const year = yearOf(deps, organisation.time_zone, values.year);
    await setIndicator(deps.db, {
      organisationId: organisation.id,
      academicYear: year,
      key: values.key,
      ...(values.denominator !== undefined && { denominator: values.denominator }),
      ...(values.count !== undefined && { enteredCount: values.count }),
      ...(values.target !== undefined && { target: values.target }),
      byPersonId: null,
    });
    const { lines, json } = await indicatorLines(deps, organisation, year);
    return { ok: true, json, lines: [translate(deps)("indicators-saved"), ...lines] };
  },
});
