## The participant journey: invite, language, consent, profile, commands

journey-language-question = Choose your language.
journey-language-name = English
journey-language-set = Fine, we will talk in English.

journey-welcome-no-invite =
    Hello! I am the bot of the Nastavnik mentoring programme.
    To begin you need an invite link from the curator at your school, college or centre. Open it and I will guide you.
    If you have an invite code, send: /start CODE
journey-invite-unknown = There is no such invite. Check the link or the code, or ask your curator for a new link.
journey-invite-expired = This invite has expired. Ask your curator for a new link.
journey-invite-used-up = This invite has already been used. Ask your curator for a new link.
journey-invite-joined =
    You have joined the programme “{ $program }” as a { $side ->
        [mentor] mentor
       *[mentee] mentee
    }.
journey-invite-already = You are already in the programme “{ $program }”.
journey-curator-welcome = You are now a curator of “{ $organisation }”.

journey-consent-text =
    Before we start, we need your consent to the processing of your personal data (Russian Federal Law No. 152-FZ).

    Who processes it (the operator): { $operator }. The operator's address: { $address }.
    What data: your name, how to address you, your messenger id, your answers to questionnaires and polls, records of meetings with your mentor.
    Why: to match mentors and mentees, run meetings, remind you of them and evaluate the programme.
    How long: until the end of the programme and its reporting period.

    You can withdraw your consent at any time with /forget, and your data will be deleted.
journey-consent-operator-unknown = the educational organisation that invited you to its mentoring programme
journey-consent-address-missing = not given (ask the programme's curator)
journey-consent-text-staff =
    Before we start, we need your consent to the processing of your personal data (Russian Federal Law No. 152-FZ).

    Who processes it (the operator): { $operator }. The operator's address: { $address }.
    What data: your name, how to address you, your messenger id, and records of which participants' data you received and when (the export log).
    Why: so that you can run mentoring programmes (digests, exports and reminders), and so that it is known who received participants' data and when.
    How long: while you are a curator or coordinator, and until the end of the reporting period after that.

    You can withdraw your consent at any time with /forget, and your data will be deleted.
journey-consent-operator-municipality = the education authority of the municipality “{ $municipality }”
journey-consent-address-ask-inviter = not given (ask whoever sent you the invitation)
journey-consent-agree = ✅ I agree
journey-consent-decline = I do not agree
journey-consent-declined = Without your consent I cannot keep your answers. If you change your mind, open the invitation link again.
journey-typed-choice-hint = Press one of the buttons under the question, or type its number.
journey-typed-choice-hint-letters = Type the letter in brackets before an option, or the option's number.
# Words that answer a yes/no question when typed, comma-separated.
journey-typed-yes = yes,agree,i agree
journey-typed-no = no,disagree
journey-consent-thanks = Thank you! Your consent is saved.

journey-age-question = Are you 18 or older?
journey-age-adult = Yes, I am 18 or older
journey-age-minor = No, I am under 18

journey-parent-needed =
    As you are under 18, we need the consent of a parent or legal guardian.
    Forward this link to them; they open it and confirm:
    { $link }
    If your parent signed a paper consent, the curator will mark it. Until then questionnaires are not available.
journey-parent-consent-text =
    Hello! Your child has been invited to the mentoring programme of their educational organisation.
    The operator of the personal data: { $operator }. The operator's address: { $address }.
    To take part, we need your consent as their legal representative to the processing of their personal data (Russian Federal Law No. 152-FZ): name, messenger id, questionnaire answers and meeting records, used to find a mentor, run meetings and evaluate the programme.
    You can withdraw consent through the programme's curator.
journey-parent-consent-agree = ✅ I give my consent
journey-parent-consent-thanks = Thank you! The consent is saved, and your child can continue.
journey-parent-consented = Your parent has given consent, so we can go on!
journey-parent-link-invalid = This link is not valid or has expired. Ask your child to send a new one.
journey-parent-link-used = Consent has already been given with this link.
journey-parent-link-self = This link is for your parent or legal guardian: you cannot consent for yourself.

journey-name-question = How should I address you? Type your name.
journey-name-use-hint = Call me { $name }
journey-name-invalid = I could not save that name. Just type a name, for example: Anna or Ivan.
journey-name-saved = Nice to meet you, { $name }!

journey-continue = Continue
journey-all-done = All questionnaires are done, thank you! I will write when something else is needed.
journey-forms-none = No questionnaires are waiting for you.
journey-forms-list = Questionnaires waiting for you:
journey-nothing-to-answer = I am not asking anything right now. Questionnaires: /forms, help: /help.
journey-finish-onboarding-first = Let us finish getting acquainted first.
journey-stale-button = This button no longer works. Here is where we stopped:
journey-unsupported = I understand only text and button presses.
journey-unknown-command = I do not know that command. Commands: /help.

journey-help =
    I help the participants of a mentoring programme: I get to know you and offer the programme's questionnaires.
    /start — continue where you stopped
    /forms — questionnaires waiting for you
    /meeting — (mentors) log a meeting with your mentees
    /pair — my pair and its meetings
    /profile — my profile
    /settings — reminders: turn repeated ones off or on again
    /language — change the language
    /link — continue in another messenger
    /mydata — what data of mine is kept (a message and a file)
    /forget — delete my data
    /consents — (curators) record parents' paper consents
    /pairs — (curators) group meeting, preference poll and pairs
    /roadmap — (curators) the programme's roadmap and moving a stage's dates
    /export — (curators and coordinators) export the organisation's data to a spreadsheet
    /digest — (curators and coordinators) the weekly digest and indicators
    /indicators — (curators and coordinators) indicator totals and targets
    /help — this help

journey-profile =
    Name: { $name }
    Language: { $language }
journey-profile-program =
    Programme “{ $program }”: { $side ->
        [mentor] mentor
       *[mentee] mentee
    }{ $status ->
        [pending_consent] (waiting for consent)
        [left] (left)
       *[other] {""}
    }
journey-profile-curator = Curator of “{ $organisation }”

journey-forget-confirm = Delete all your data: profile, questionnaire answers, programme participation? This cannot be undone.
journey-forget-yes = Yes, delete
journey-forget-no = No, keep it
journey-forget-cancelled = Fine, nothing is deleted.
journey-forget-done = Your data is deleted. To come back you will need a new invite.
journey-forget-expired = This confirmation has expired: it is valid for { $minutes } minutes. If you still want your data deleted, confirm once more.
journey-erased-participant = A participant who erased their data

journey-paper-none = Every minor in your programmes already has a parent's consent.
journey-paper-list = Waiting for a parent's consent. If you hold a signed paper consent, tap the name and I will record it:
journey-paper-button = { $name } — { $program }
journey-paper-recorded = The paper consent for “{ $name }” is recorded.
journey-paper-already = This participant already has a parent's consent.

## The command menu (descriptions in the messenger's menu)
command-start = Start, or continue from an invite
command-help = Help
command-forms = Questionnaires waiting for answers
command-profile = My profile
command-language = Change the language
command-forget = Erase my data
command-consents = Record parents' paper consents

journey-link-code =
    To go on in another messenger as the same person, send this to the bot there:
    /link { $code }
    The code works for { $minutes } minutes. Or open the link:
journey-link-done = Done: your accounts are linked. We go on from where you were.
journey-link-unknown = There is no such link code. Get a new one with /link in the messenger where you already talk to the bot.
journey-link-expired = This code has expired. Get a new one with /link.
journey-link-used = This code has already been used. Get a new one with /link.
journey-link-self = This code was made for this same account. Send it to the bot in the other messenger.
command-link = Continue in another messenger
