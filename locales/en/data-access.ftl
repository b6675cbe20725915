# Access to data: exports for curators and coordinators (/export, the export command),
# municipal coordinators' invites, and a person's own data (/mydata, 152-FZ art. 14).

command-export = Export the organisation's data to a spreadsheet
command-mydata = What data of mine is kept

## Municipal coordinator

access-coordinator-welcome = You are the municipal coordinator of { $municipality }. Exports for the municipality's organisations: /export.

## /export

access-export-refused = Exports are for the organisation's curators and its municipality's coordinator. Your own data: /mydata.
access-export-choose-organisation =
    { $count ->
        [one] Choose the organisation:
       *[other] Choose the organisation ({ $count } in all):
    }
access-export-choose-subject = What should be exported for { $organisation }?
access-export-choose-format = { $organisation }, { $subject }: which format?
access-export-choose-format-year = { $organisation }, { $subject }, school year { $year }: which format?
access-export-subject-participants = participants
access-export-subject-answers = questionnaire answers
access-export-subject-pairs = pairs
access-export-subject-meetings = meetings
access-export-subject-indicators = indicators
access-export-subject-all = everything in one file
access-export-subject-year = { $subject }, school year { $year }
access-export-format-xlsx = Excel (XLSX)
access-export-format-csv = CSV
access-export-only-year = Only school year { $year }
access-export-every-year = All years
access-export-back = ← Back
access-export-previous = ← Back
access-export-next = Next →
access-export-preparing = Export: { $organisation }, { $subject }.
access-export-caption =
    { $organisation }, { $subject }: { $rows ->
        [one] { $rows } row
       *[other] { $rows } rows
    }. The file holds personal data: keep it and pass it on only for the programme's reports.

## Sheets and columns

access-export-file-name = { $organisation }, { $part }, { $date }
access-export-title = { $organisation }: { $sheet }
access-export-subtitle = Exported on { $date }
access-export-subtitle-year = Exported on { $date }, school year { $year }
access-export-sheet-participants = Participants
access-export-sheet-answers = Answers
access-export-sheet-pairs = Pairs
access-export-sheet-meetings = Meetings
access-export-sheet-indicators = Indicators
access-export-no-answers = No questionnaire answers yet
access-export-column-number = No.
access-export-column-name = Name
access-export-column-program = Programme
access-export-column-year = School year
access-export-column-side = Role
access-export-column-category = Category
access-export-column-status = Status
access-export-column-joined = Joined on
access-export-column-minor = Minor
access-export-column-consent = Consent to personal data processing
access-export-column-submitted = Answered on
access-export-column-subject = About
access-export-column-mentor = Mentor
access-export-column-mentees = Mentees
access-export-column-mentee-count = Number of mentees
access-export-column-form = Mentoring form
access-export-column-pair-status = Pair status
access-export-column-proposed = Proposed on
access-export-column-confirmed = Confirmed on
access-export-column-finished = Finished on
access-export-column-ended-reason = Why it ended
access-export-column-meeting-count = Meetings held
access-export-column-last-meeting = Last meeting
access-export-column-held-on = Meeting day
access-export-column-quarter = Quarter
access-export-column-meeting-type = Meeting type
access-export-column-meeting-format = Format
access-export-column-length = Length, min
access-export-column-topics = Topics
access-export-column-confirmed-count = Confirmed by mentees
access-export-column-usefulness = Usefulness (mean, 1-5)
access-export-column-indicator = Indicator
access-export-column-count = Value
access-export-column-denominator = Out of
access-export-column-percent = Share, %
access-export-column-target = Target, %
access-export-column-target-source = Target set by
access-export-column-met = Met
access-export-yes = yes
access-export-no = no
access-export-side =
    { $side ->
        [mentor] mentor
       *[other] mentee
    }
access-export-status =
    { $status ->
        [active] taking part
        [pending_consent] awaiting consent
        [left] left
       *[other] { $status }
    }
access-export-pair-status =
    { $status ->
        [proposed] proposed
        [confirmed] confirmed
        [finished] finished
        [cancelled] cancelled
       *[other] { $status }
    }
access-export-ended-reason =
    { $reason ->
        [completed] programme completed
        [mismatch] did not work out
        [left] a participant left
       *[other] other
    }
access-export-quarter = Q{ $quarter } { $year }
access-export-meeting-type =
    { $type ->
        [first] introduction
        [trial] trial
        [planning] planning
        [regular] working
        [final] final
       *[other] { $type }
    }
access-export-meeting-format =
    { $format ->
        [in_person] in person
        [online] online
       *[other] { $format }
    }
access-export-indicator =
    { $indicator ->
        [mentees_10_18] Share of pupils aged 10-18 taking part as mentees
        [mentors_15_18] Share of pupils aged 15-18 taking part as mentors
        [young_teachers] Share of young teachers (0-3 years' experience) taking part as mentees
        [partner_organisations] Share of partner organisations that provided mentors
        [mentee_satisfaction] Mentees' satisfaction with the programme
        [mentor_satisfaction] Mentors' satisfaction with the programme
       *[other] { $indicator }
    }
access-export-target-source =
    { $source ->
        [entered] the organisation
       *[other] default (target model)
    }

## /mydata

access-mydata-none = none
access-mydata-account = { $channel ->
        [telegram] Telegram
        [vk] VK
        [max] MAX
       *[other] console
    } (id { $id })
access-mydata-consent = { $kind ->
        [parental] a legal representative's consent
       *[other] consent to personal data processing
    }, text version { $version }, given on { $date }
access-mydata-program = { $program } ({ $side ->
        [mentor] mentor
       *[other] mentee
    }, { $status ->
        [active] taking part
        [pending_consent] awaiting consent
       *[other] left
    })
access-mydata-summary =
    What the service keeps about you:
    • name: { $name }
    • accounts: { $accounts }
    • consents: { $consents }
    • programmes: { $programs }
    • questionnaires: { $forms } (answers: { $answers })
    • pairs: { $pairs }, meetings: { $meetings }
    • messages from the bot: { $messages }
    All of it, with dates and answers, is in the file below. To erase your data: /forget.
access-mydata-caption = Your data in the service (JSON: any text editor opens it).
access-mydata-file-name = My data, { $date }
access-mydata-consent-kind =
    { $kind ->
        [parental] a legal representative's consent
       *[other] consent to personal data processing
    }
access-mydata-given-by =
    { $by ->
        [self] you
        [parent] a legal representative
       *[other] the curator, from a paper consent
    }
access-mydata-role =
    { $role ->
        [curator] curator
        [coordinator] municipal coordinator
       *[other] administrator
    }
access-mydata-form-status =
    { $status ->
        [submitted] submitted
        [in_progress] in progress
       *[other] abandoned
    }

## Command line: export, add-coordinator

cli-command-export = export an organisation's data (participants, answers, pairs, meetings, indicators) to XLSX or CSV for reports
cli-help-export-organisation = the organisation's id
cli-help-export-what = what to export: participants, answers, pairs, meetings, indicators or all (default all)
cli-help-export-format = format: xlsx (default, every sheet in one file) or csv (one file per sheet)
cli-help-export-out = the folder to write the files to; the current one by default
cli-help-export-year = a school year such as 2026/2027: only its programmes and its indicators
cli-export-written =
    Wrote { $files ->
        [one] { $files } file
       *[other] { $files } files
    } for { $organisation } ({ $rows ->
        [one] { $rows } row
       *[other] { $rows } rows
    }); the export is recorded in the access log:
cli-export-file = { $path }
export-error-unknown-organisation = there is no organisation with id { $id }
cli-command-add-coordinator = create a one-time invite for a municipal coordinator (code and links)
cli-help-add-coordinator-municipality = the municipality's id
cli-help-add-coordinator-expires-days = how many days the invite stays valid (7 by default)
cli-coordinator-invite-created = Invite for the coordinator of { $municipality } (id { $id }):
invite-error-unknown-municipality = there is no municipality with id { $id }

## Command line: audit-log

cli-command-audit-log = show the access log: who exported an organisation's data or asked for their own, and when (newest first)
cli-help-audit-log-organisation = only this organisation's exports (id)
cli-help-audit-log-limit = how many entries to show (50 by default)
cli-audit-log-empty = The access log is empty: nobody has exported any data yet.
cli-audit-log-row = { $at } · { $role ->
        [curator] curator
        [coordinator] coordinator
        [admin] administrator
       *[other] participant
    } { $who } · { $channel } · { $action ->
        [export] export: { $subject }
       *[other] own data (/mydata)
    } ({ $format }) · { $organisation }
cli-audit-log-rows = · { $rows ->
        [one] { $rows } row
       *[other] { $rows } rows
    }
