## The console channel: a demo in the terminal

console-banner =
    Nastavnik: a demo in the terminal. You are signed in as the curator of the demo school.
    Buttons show as [a] [b] [c]: type the letter to press one (under a free-text question, with its brackets: [a]). Commands work as in a messenger: /help, /forms, /profile.
    To walk the participant journey (consent, questionnaire), send:
      /start { $menteeCode }  — as a mentee
      /start { $mentorCode }  — as a mentor
    Ctrl-D quits.
console-goodbye = See you!
