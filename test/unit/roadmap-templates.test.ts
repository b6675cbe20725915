import { describe, expect, it } from "vitest";
import { loadTranslator } from "../../src/i18n/translator.js";
import {
  datedStages,
  dayInAcademicYear,
  roadmapTemplate,
  stageTitleKey,
} from "../../src/roadmap/template.js";
import { BUILT_IN_TEMPLATES, builtInTemplate, defaultTemplateFor } from "../../src/roadmap/templates.js";

describe("built-in roadmap templates", () => {
  it("carry the seeds' 34 school steps, 10 college steps and seven stages", () => {
    expect(builtInTemplate("school")!.stages).toHaveLength(34);
    expect(builtInTemplate("college")!.stages).toHaveLength(10);
    expect(builtInTemplate("seven_stages")!.stages).toHaveLength(7);
    expect(defaultTemplateFor("college")).toBe("college");
    expect(defaultTemplateFor("school")).toBe("school");
  });

  it("ask for the right forms: entry, interim feedback, final satisfaction and the after-evaluation", () => {
    const school = builtInTemplate("school")!;
    const forms = school.stages.flatMap((s) =>
      s.action === "form" ? [`${s.audience}:${s.form}:${s.subject ?? ""}`] : [],
    );
    expect(forms).toEqual([
      "mentees:entry:",
      "mentees:growth_evaluation:entry",
      "mentors:entry:",
      "mentors:growth_evaluation:entry",
      "all:interim_feedback:",
      "all:final_satisfaction:",
      "all:growth_evaluation:exit",
    ]);
    expect(school.stages.filter((s) => s.action === "meeting").map((s) => s.meeting)).toEqual([
      "first",
      "trial",
      "planning",
      "regular",
      "final",
    ]);
  });

  it("have a title in Russian and English for every stage", async () => {
    const translator = await loadTranslator();
    for (const template of BUILT_IN_TEMPLATES) {
      for (const stage of template.stages) {
        const key = stageTitleKey(template.key, stage.key);
        expect(translator.has("ru", key), key).toBe(true);
        expect(translator.has("en", key), key).toBe(true);
      }
    }
  });

  it("date every window inside the academic year, autumn in its first year and spring in its second", () => {
    const dated = datedStages(builtInTemplate("school")!, "2026/2027");
    for (const { opensOn, closesOn } of dated) {
      expect(opensOn >= "2026-09-01" && closesOn <= "2027-08-31").toBe(true);
      expect(closesOn >= opensOn).toBe(true);
    }
    expect(dated.find((d) => d.stage.key === "satisfaction")).toMatchObject({
      opensOn: "2027-05-10",
      closesOn: "2027-05-25",
    });
    expect(dayInAcademicYear("02-29", "2026/2027")).toBe("2027-03-01");
    expect(dayInAcademicYear("02-29", "2027/2028")).toBe("2028-02-29");
  });
});

describe("roadmap template validation", () => {
  const stage = {
    key: "a",
    audience: "mentees",
    action: "form",
    form: "entry",
    opens: "09-10",
    closes: "10-01",
  };

  it("names the path of every problem", () => {
    const result = roadmapTemplate.safeParse({
      key: "mine",
      stages: [
        stage,
        { ...stage, closes: "08-01", opens: "09-02" },
        { ...stage, key: "a", opens: "13-01" },
        { key: "c", audience: "mentees", action: "curator_task", opens: "09-01", closes: "09-02" },
      ],
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join("."));
    expect(paths).toContain("stages.2.opens");
    expect(paths).toContain("stages.3.audience");
    // Closing in August after opening in September is fine: August ends the academic year.
    expect(paths).not.toContain("stages.1.closes");
    const reversed = roadmapTemplate.safeParse({
      key: "mine",
      stages: [{ ...stage, opens: "10-02", closes: "10-01" }],
    });
    expect(reversed.error!.issues.map((i) => i.path.join("."))).toEqual(["stages.0.closes"]);
    const twice = roadmapTemplate.safeParse({ key: "mine", stages: [stage, stage] });
    expect(twice.error!.issues.map((i) => i.path.join("."))).toEqual(["stages.1.key"]);
  });
});
