## The console channel: a demo in the terminal

console-banner =
    Nastavnik: a demo in the terminal. You are signed in as the curator of the demo school.
    Buttons show as [a] [b] [c]: type the letter to press one (under a free-text question, with its brackets: [a]). Commands work as in a messenger: /help, /forms, /profile.
    To walk the participant journey (consent, questionnaire), send:
      /start { $menteeCode }  — as a mentee
      /start { $mentorCode }  — as a mentor
    Ctrl-D quits.
console-goodbye = See you!

# Form hints in a terminal: a button is pressed by typing the letter in brackets before it.
console-help-pick-letters = Type the option's letter from the brackets, or its number in the list.
# In a terminal a button is pressed by typing the letter in brackets before it.
console-use-letters = Please type the option's letter from the brackets, or its number.
console-invalid-option-letter =
    There is no such option. Type the letter in brackets before an option, or the option's number from 1 to { $count }.
