## The curators' and coordinators' weekly digest, indicators and targets

digest-title = 📋 Weekly digest · { $organisation }
digest-subtitle = { $day } · programmes: { $programs } · mentors: { $mentors }, mentees: { $mentees }
digest-unnamed = Participant No. { $id }
digest-more = and { $count } more
digest-new = 👋 New participants this week: { $count } (mentors: { $mentors }, mentees: { $mentees })
digest-consents = ✍️ Awaiting consent: { $count } — { $names }
digest-forms = 📝 Questionnaire not filled in: { $count } — { $names }
digest-pairs = 🤝 Pairs confirmed: { $confirmed } (this week: { $formedThisWeek }), awaiting confirmation: { $proposed }
digest-unmatched = 🧩 Mentees without a pair: { $count } — { $names }
digest-meetings = 🗓 Meetings logged this week: { $count }
digest-silent = 🔕 Pairs without a meeting for { $days }+ days: { $count } — { $names }
digest-silent-pair = { $name } ({ $days } d)
digest-no-answers = no answers
digest-mean = { $mean } of 10 (answers: { $answered })
digest-satisfaction = 🙂 Final satisfaction: mentees — { $mentees }; mentors — { $mentors }
digest-interim = 💬 Interim feedback: { $mean }; asking to talk to the curator: { $want }
digest-indicators = 🎯 Indicators { $year } (reached / target):
digest-indicator-met = ✅ { $label }: { $percent }% ({ $count } of { $denominator }) / { $target }%
digest-indicator-below = 🔸 { $label }: { $percent }% ({ $count } of { $denominator }) / { $target }%
digest-indicator-unknown = ▫️ { $label }: { $why } / { $target }%
digest-indicator-no-denominator = { $count } people, the total is not set (/indicators)
digest-indicator-no-count = the number is not set (/indicators)
digest-indicator-no-answers = no answers yet
digest-indicator-mentees-10-18 = Mentees aged 10-18
digest-indicator-mentors-15-18 = Mentors aged 15-18
digest-indicator-young-teachers = Young teachers (up to 3 years)
digest-indicator-partner-organisations = Partner organisations providing mentors
digest-indicator-mentee-satisfaction = Mentee satisfaction
digest-indicator-mentor-satisfaction = Mentor satisfaction
digest-tasks = 📌 Your tasks now:
digest-task = • { $title } (until { $until })
digest-task-confirm-pairs = • Confirm the proposed pairs: { $count } (/pairs)
digest-next-stages = 🗺 Next on the roadmap:
digest-stage = • { $day } — { $title } ("{ $program }")
digest-failed = ❗ Messages that could not be delivered this week: { $count }. Check whether the recipients blocked the bot.

digest-button-chart = 📊 Chart
digest-button-indicators = 🎯 Indicators and targets
digest-button-consents = ✍️ Who has no consent
digest-button-forms = 📝 Who has no questionnaire
digest-button-unmatched = 🧩 Who has no pair
digest-button-silent = 🔕 Pairs not meeting

digest-detail-consents = Awaiting consent at "{ $organisation }" ({ $count }):
digest-detail-forms = Questionnaire not filled in at "{ $organisation }" ({ $count }):
digest-detail-unmatched = Mentees without a pair at "{ $organisation }" ({ $count }):
digest-detail-silent = Pairs without a meeting for 21+ days at "{ $organisation }" ({ $count }), by mentor:

digest-municipal-title = 🏛 Municipal digest · { $municipality }
digest-municipal-subtitle = { $day } · organisations: { $organisations }
digest-municipal-organisation = • { $organisation } (/digest { $id }): participants { $participants }, pairs { $pairs }, meetings this week { $meetings }, pairs not meeting { $silent }, without consent { $consents }, without questionnaire { $forms }
digest-municipal-indicators-row = 🎯 { $cells }
digest-municipal-indicators-legend = 🎯 Indicators { $year }, % reached/target, in order: { $labels }. "—": the total is not set or no answers yet. One organisation's digest: /digest and its number.

digest-chart-title = Mentoring indicators
digest-chart-subtitle = { $name } · academic year { $year } · as of { $day }
digest-chart-legend-value = Reached (green: target met)
digest-chart-legend-target = Target for the year
digest-chart-no-denominator = the total is not set
digest-chart-no-count = the number is not set
digest-chart-weeks-title = Meetings per week (by the day held)
digest-chart-caption = 📊 Indicators and targets · { $name }

digest-not-allowed = The digest is for an organisation's curators and municipal coordinators. Participants do not see it.
digest-not-yours = This organisation is not yours, so its digest cannot be shown.
digest-choose = Choose the organisation or municipality to show the digest for:
digest-choose-municipality = 🏛 { $name } (the whole municipality)

## Indicators: denominators and targets

indicators-title = 🎯 Indicators and targets · { $organisation } · { $year }
indicators-line = { $number }. { $label }: total { $denominator }, target { $target }%{ $source }
indicators-line-count = { $number }. { $label }: providing mentors { $count } of { $denominator }, target { $target }%{ $source }
indicators-line-survey = { $number }. { $label }: from the poll's answers, target { $target }%{ $source }
indicators-not-set = not set
indicators-default = { " " }(default)
indicators-help =
    To set the numbers, send /indicators { $organisation } and the item's number:
    • 1-3: /indicators { $organisation } 1 250 40 — 250 in all, target 40% (the target may be left out);
    • 4: /indicators { $organisation } 4 12 3 30 — 12 partners in all, 3 of them provided mentors, target 30%;
    • 5-6: /indicators { $organisation } 5 80 — target 80%.
    The default targets come from the methodology for year { $yearOfModel } of running the model.
indicators-saved = Saved.
indicators-bad-input = Could not read the numbers. { $help }
indicators-button-defaults = Accept the default targets
indicators-defaults-saved = The default targets are saved for { $year }.

command-digest = Weekly digest and indicators
command-indicators = Indicators: totals and targets

## The command line

digest-cli-command = the weekly digest: print its text (--dry-run) or send it to the organisation's curators (the municipality's coordinators) now
digest-cli-indicators-command = an organisation's indicators for an academic year: count, total, percent, target and the default target
digest-cli-set-command = set an indicator's total (denominator), partner count or target for an organisation and academic year
digest-cli-help-organisation = the organisation's id
digest-cli-help-municipality = the municipality's id (the coordinators' digest)
digest-cli-help-dry-run = only print the text, send nothing
digest-cli-help-chart = write the indicators chart (PNG) to this file
digest-cli-help-year = academic year, e.g. 2026/2027; the current one by default
digest-cli-help-key = the indicator: mentees_10_18, mentors_15_18, young_teachers, partner_organisations, mentee_satisfaction, mentor_satisfaction
digest-cli-help-denominator = how many in all (e.g. all children aged 10-18 at the organisation)
digest-cli-help-count = for partner_organisations: how many partners provided mentors
digest-cli-help-target = the year's target, % (by default the methodology's)
digest-cli-one-scope = give one of --organisation or --municipality
digest-cli-unknown-organisation = there is no organisation with id { $id }
digest-cli-unknown-municipality = there is no municipality with id { $id }
digest-cli-queued = Digests queued: { $count } (one already sent this week is not repeated).
digest-cli-set-nothing = give --denominator, --count or --target
digest-cli-count-only-partners = --count is set for partner_organisations only
digest-cli-no-denominator-for-surveys = a satisfaction total is the number who answered; it is not set
digest-cli-indicators-title = { $organisation }, { $year } (year { $yearOfModel } of running the model):
digest-cli-indicator = { $key } ({ $label }): { $count } of { $denominator } = { $percent }; target { $target }% ({ $source }), default { $seed }%
