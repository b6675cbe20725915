# The operator's command line (npm run cli -- <command>).
# Command and option names (--name) are not translated: they are typed as they are.

## Help

cli-help-title = Nastavnik: the operator's command line
cli-help-usage = Usage: npm run cli -- <command> [options]  (when built: nastavnik <command> [options])
cli-help-commands = Commands:
cli-help-common-options = Options of every command:
cli-help-option-json = print the result as one JSON object (for scripts)
cli-help-option-help = show help for the command
cli-help-more = Help on a command: npm run cli -- <command> --help. Database: DATABASE_URL, or without it the embedded PGlite in DATA_DIR (./data by default); migrations are applied before every command.
cli-help-command-usage = Usage: npm run cli -- { $command } [options]
cli-help-options = Options:
cli-help-required = (required)

cli-command-migrate = apply the database schema migrations and list those applied
cli-command-add-municipality = add a municipality
cli-command-add-organisation = add an educational organisation with its time zone
cli-command-add-curator = create a one-time curator invite for an organisation (code and links)
cli-command-create-program = create a mentoring programme in an organisation
cli-command-create-invites = create participant invites for a programme (codes and links)
cli-command-seed-demo = create a demo organisation with participants, questionnaires, pairs and meetings

cli-help-add-municipality-name = the municipality's name (unique)
cli-help-add-municipality-region = the region, e.g. "Irkutsk Oblast"
cli-help-add-organisation-name = the organisation's name
cli-help-add-organisation-kind = kind: school, college, additional_education or other
cli-help-add-organisation-timezone = IANA time zone, e.g. Europe/Moscow; DEFAULT_TIMEZONE when omitted
cli-help-add-organisation-municipality = the municipality's id (from add-municipality)
cli-help-add-organisation-legal-name = the organisation's full legal name, as in its charter; the personal data consent names it
cli-help-add-organisation-address = the organisation's address, shown in the personal data consent
cli-help-add-curator-organisation = the organisation's id
cli-help-add-curator-expires-days = how many days the invite stays valid (7 by default)
cli-help-create-program-organisation = the organisation's id
cli-help-create-program-name = the programme's name
cli-help-create-program-form = mentoring form (mentor_mentee)
cli-help-create-program-role-variant = role variant, a code such as successful_struggling or peer_peer
cli-help-create-program-year = academic year; by default the current one on the organisation's clock (a new one starts on 1 September)
cli-help-create-program-starts = start date
cli-help-create-program-ends = end date (not before the start)
cli-help-create-program-status = status: draft or active (enrolling and running); active by default
cli-help-create-invites-program = the programme's id
cli-help-create-invites-side = whom to invite: mentors (mentor) or mentees (mentee)
cli-help-create-invites-category = participants' category; by default the one the mentoring form implies
cli-help-create-invites-count = how many codes to create (1 by default)
cli-help-create-invites-uses = how many people may join with each code (1 by default; e.g. 30 for one link for a whole class)
cli-help-create-invites-expires-days = how many days the invites stay valid (30 by default)
cli-help-seed-demo-participants = how many participants to create (60 by default; one in four is a mentor)
cli-help-seed-demo-seed = a number for the generator: the same number gives the same data (1 by default)

## Errors in the input

cli-error = Error: { $problem }
cli-error-option = Error in { $option }: { $problem }
cli-hint-command-help = Help: npm run cli -- { $command } --help
cli-hint-help = Commands: npm run cli -- --help
cli-error-unexpected = The command failed with an internal error; nothing was changed in the database. Details below.
cli-error-data-dir-locked = The embedded database in DATA_DIR ({ $dataDir }) is in use by another process (pid { $pid } on { $host }), usually the running service; nothing was changed. One process at a time may use that folder: stop the service and run the command again, or point DATABASE_URL at a PostgreSQL server, which the service and the command line can share.
cli-error-unknown-command =
    unknown command "{ $command }"{ $suggestion ->
        [none] {""}
       *[other] ; did you mean "{ $suggestion }"?
    }
cli-error-unknown-option = the command { $command } has no such option
cli-error-flag-value = this is a flag and takes no value ("{ $value }")
cli-error-missing-value = a value must follow the option's name
cli-error-repeated-option = the option is given twice
cli-error-unexpected-argument = unexpected argument "{ $value }": a value goes after the option's name, e.g. --name "School No. 1"
cli-error-required = this option is required
cli-error-invalid = "{ $value }" is not allowed here
cli-error-empty = the value must not be empty
cli-error-too-long = too long: at most { $max } characters
cli-error-id = an id is a positive whole number, not "{ $value }"
cli-error-integer = a whole number from { $min } to { $max } is needed, not "{ $value }"
cli-error-choice = "{ $value }" is not one of: { $allowed }
cli-error-date = a real date written as YYYY-MM-DD is needed, not "{ $value }"
cli-error-time-zone = "{ $value }" is not an IANA time zone; e.g. Europe/Moscow or Asia/Yekaterinburg
cli-error-academic-year = an academic year is written as 2026/2027 (the second year one more than the first), not "{ $value }"
cli-error-code = a code of lower-case Latin letters, digits, _ and - is needed (up to { $max } characters, starting with a letter), not "{ $value }"

organisation-error-municipality-name-taken = a municipality with this name already exists (id { $id })
organisation-error-time-zone = "{ $value }" is not an IANA time zone; e.g. Europe/Moscow
organisation-error-unknown-municipality = there is no municipality with id { $id }
program-error-form = "{ $value }" is not a mentoring form
program-error-academic-year = an academic year is written as 2026/2027, not "{ $value }"
program-error-date = a real date written as YYYY-MM-DD is needed, not "{ $value }"
program-error-ends-before-starts = the end date { $ends } is before the start date { $starts }
program-error-unknown-organisation = there is no organisation with id { $id }
invite-error-range = a number from { $min } to { $max } is needed, not { $value }
invite-error-unknown-organisation = there is no organisation with id { $id }
invite-error-unknown-program = there is no programme with id { $id }
invite-error-program-closed =
    programme { $id } is { $status ->
        [finished] finished
       *[other] archived
    }: it takes no new participants

## Results

cli-migrate-up-to-date = The database schema is up to date: no new migrations.
cli-migrate-applied-count =
    { $count ->
        [one] Applied { $count } migration:
       *[other] Applied { $count } migrations:
    }
cli-municipality-created = Municipality created: id { $id }, "{ $name }".
cli-municipality-region = Region: { $region }.
cli-organisation-created = Organisation created: id { $id }, "{ $name }" (kind: { $kind ->
        [school] school
        [college] college
        [additional_education] additional education
        [other] other
       *[unknown] { $kind }
    }, time zone { $timeZone }).
cli-organisation-municipality = Municipality: id { $id }.
cli-organisation-legal-name = Full legal name: { $legalName }.
cli-organisation-address = Address: { $address }.
cli-curator-invite-created = Curator invite for the organisation "{ $organisation }" (id { $id }). Whoever opens the link first becomes its curator; the code works once.
cli-invite-code =
    Code { $code }: for { $uses ->
        [one] { $uses } person
       *[other] { $uses } people
    }, valid until { $expires } ({ $timeZone })
cli-invite-link-telegram = Telegram: { $link }
cli-invite-link-vk = VK: { $link }
cli-invite-link-max = MAX: { $link }
cli-invite-links-not-configured = No links, because no bot is configured: set TELEGRAM_BOT_USERNAME (Telegram links), VK_GROUP_ID (VK links) or MAX_BOT_USERNAME (MAX links). Meanwhile the code can be sent to the bot as a message after /start.
cli-program-created = Programme created: id { $id }, "{ $name }" in the organisation "{ $organisation }" (id { $organisationId }).
cli-program-details =
    Form "{ $form ->
        [pupil_pupil] pupil — pupil
        [student_student] student — student
        [student_pupil] student — pupil
        [teacher_teacher] teacher — teacher
        [teacher_pupil] teacher — pupil
        [lecturer_student] lecturer — student
        [employer_pupil] employer — pupil
        [employer_student] employer — student
        [principal_teacher] principal — teacher
        [parent_pupil] parent — pupil
       *[other] { $form }
    }" ({ $form }), academic year { $year }, status: { $status ->
        [draft] draft
        [active] active
        [finished] finished
        [archived] archived
       *[other] { $status }
    }.
cli-program-role-variant = Role variant: { $variant }.
cli-program-dates =
    Dates: from { $starts ->
        [none] (not set)
       *[other] { $starts }
    } to { $ends ->
        [none] (not set)
       *[other] { $ends }
    }.
cli-program-next-step = Participant invites: npm run cli -- create-invites --program { $id } --side mentee
cli-invites-created =
    { $count ->
        [one] Created { $count } invite
       *[other] Created { $count } invites
    } to the programme "{ $program }" (id { $id }): { $side ->
        [mentor] mentors
       *[other] mentees
    }{ $category ->
        [none] {""}
       *[other] , category: { $category ->
            [pupil] pupils
            [student] students
            [teacher] teachers
            [young_specialist] young specialists
            [employer] employers
            [parent] parents
           *[other] { $category }
        }
    }.
cli-demo-exists =
    The demo data already exists: organisation id { $organisation }, programme id { $program ->
        [none] (none)
       *[other] { $program }
    }, console curator is person id { $person }. Nothing was changed.
cli-demo-options-ignored = { $options } not applied: the demo data is created once. To create it again with other options, run seed-demo on an empty data folder (DATA_DIR).
cli-demo-created = Demo data created: organisation id { $organisation }, programme id { $program }, municipality id { $municipality }.
cli-demo-participants = Participants: { $count } ({ $mentors } mentors, { $mentees } mentees; waiting for a parent's consent: { $pending }).
cli-demo-forms = Questionnaires: { $submitted } submitted, { $inProgress } started; { $answers } answers.
cli-demo-pairs = Pairs: { $pairs } ({ $confirmed } confirmed, { $mentees } mentees in pairs); meetings: { $meetings }.
cli-demo-console-person = Console login (channel console, external_id "{ $externalId }"): a curator, person id { $person }.
cli-demo-mentee-invite = Mentee invite:
cli-demo-mentor-invite = Mentor invite:

## Demo data (names and answers in the operator's language)

cli-demo-municipality = Demo Municipal District
cli-demo-region = Demo Oblast
cli-demo-organisation = Demo School No. 1
cli-demo-program = Teacher-pupil mentoring
cli-demo-group-meeting = Group meeting of mentors and mentees
cli-demo-curator-name = Curator (demo)
cli-demo-first-names = Anna, Maria, Daria, Polina, Sofia, Victoria, Alice, Ksenia, Elizabeth, Veronica, Ivan, Artyom, Maxim, Mikhail, Daniil, Kirill, Egor, Nikita, Timofey, Matvey, Alexey, Sergey, Olga, Natalia, Elena, Tatiana
cli-demo-last-initials = A, B, V, G, D, E, Z, I, K, L, M, N, O, P, R, S, T, U, F, H, C, Y
cli-demo-person-name = { $first } { $initial }.
cli-demo-answer-1 = I want to solve maths problems more confidently and prepare for the olympiad.
cli-demo-answer-2 = I am into programming and robotics and would like to build a project of my own.
cli-demo-answer-3 = Planning my time is hard: many clubs and a lot of homework.
cli-demo-answer-4 = I want to learn to speak in front of the class without getting nervous.
cli-demo-answer-5 = I can help with exam preparation and research projects.
cli-demo-answer-6 = Meetings suit me best after lessons, on Tuesday or Thursday.
cli-demo-answer-7 = More practice and more real examples worked through.
cli-demo-answer-8 = It was useful; I want to go on next year.
cli-demo-topic-1 = Getting to know each other, goals for the term
cli-demo-topic-2 = Working through hard problems
cli-demo-topic-3 = Project plan and deadlines
cli-demo-topic-4 = Preparing a talk
cli-demo-topic-5 = Time management
cli-demo-topic-6 = The month in review and the next step
