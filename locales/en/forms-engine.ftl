# Form engine texts: progress, buttons, summary, input errors.

forms-engine-progress = Question { $current } of { $total }
forms-engine-progress-changed =
    Question { $current } of { $total } ({ $change ->
        [more] your answer added { $count ->
            [one] { $count } question
           *[other] { $count } questions
        }
       *[fewer] your answer made { $count ->
            [one] { $count } question unnecessary
           *[other] { $count } questions unnecessary
        }
    })
forms-engine-back = ← Back
forms-engine-back-to-summary = ← Back to the review
forms-engine-skip = Skip
forms-engine-done = Done
forms-engine-keep = Keep as it is
forms-engine-undo = Undo last choice
forms-engine-submit = Submit
forms-engine-fix = Fix { $number }
forms-engine-yes = Yes
forms-engine-no = No
forms-engine-shortcut-today = Today
forms-engine-shortcut-yesterday = Yesterday
forms-engine-shortcut-tomorrow = Tomorrow
forms-engine-shortcut-in-a-week = In a week
forms-engine-page = Page { $page } of { $pages }
forms-engine-page-previous = ◀ Previous
forms-engine-page-next = Next ▶
forms-engine-current-answer = Your current answer:
forms-engine-summary-heading = Please check your answers. To change one, press "Fix" with its number; then press "Submit".
forms-engine-skipped = — skipped —
forms-engine-done-text = Thank you! Your answers are saved.
forms-engine-number = { $value }
forms-engine-scale-value = { $value } of { $max }
forms-engine-date =
    { $day } { $month ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    } { $year }
forms-engine-raw = { $value }
forms-engine-help-multiple =
    { $max ->
        [1] Choose one option and press "Done".
       *[other] { $all ->
            [yes] Tick every option that applies and press "Done".
           *[no] { $min ->
                [1] Tick up to { $max } options and press "Done".
               *[other] Tick { $min } to { $max } options and press "Done".
            }
        }
    }
forms-engine-help-scale = Choose a number from { $min } to { $max }, or type it.
forms-engine-help-text =
    Up to { $max } { $max ->
        [one] character
       *[other] characters
    }.
forms-engine-help-number = Type a number.
forms-engine-help-number-range = Type a number from { $min } to { $max }.
forms-engine-help-number-min = Type a number of at least { $min }.
forms-engine-help-number-max = Type a number no greater than { $max }.
forms-engine-help-date = Type a date such as { $example }, or press a button.
forms-engine-help-pick = Choose from the list with a button, or type the number.
forms-engine-help-pick-multiple = Tick everyone who applies and press "Done". You can also type the numbers, separated by commas.
forms-engine-help-ranking =
    Choose up to { $max } in order: { $max ->
        [one] the one you prefer most.
       *[other] the one you prefer most first, then the next.
    }
forms-engine-source-empty = There is nothing to choose from yet: the list is not ready. We will remind you when it is.
forms-engine-stale = This button no longer works. Here is where you are now:
forms-engine-stale-finished = This form has already been submitted and cannot be changed here.
forms-engine-use-buttons = Please answer with a button or the option's number.
forms-engine-summary-use-buttons = To change an answer, press "Fix" with the question's number; if everything is right, press "Submit".
forms-engine-cannot-skip = This question needs an answer; it cannot be skipped.
forms-engine-cannot-go-back = This is the first question; there is nothing to go back to.
forms-engine-invalid-option-number = There is no option with that number. Type a number from 1 to { $count } or press a button.
forms-engine-invalid-multiple-min =
    Choose at least { $min } { $min ->
        [one] option
       *[other] options
    }.
forms-engine-invalid-multiple-max =
    You can choose at most { $max } { $max ->
        [one] option
       *[other] options
    }. Untick one first.
forms-engine-invalid-multiple-exclusive = Option { $number } does not go with the others: choose either it or the rest.
forms-engine-invalid-scale = Please give a whole number from { $min } to { $max }.
forms-engine-invalid-text-empty = Please type your answer.
forms-engine-invalid-text-short =
    Too short: at least { $min } { $min ->
        [one] character
       *[other] characters
    }, please.
forms-engine-invalid-text-long =
    Too long: at most { $max } { $max ->
        [one] character
       *[other] characters
    }. Please shorten it.
forms-engine-invalid-number =
    That does not read as a number. Type it in digits, for example { $integer ->
        [yes] 12
       *[no] 12 or 1.5
    }.
forms-engine-invalid-number-integer = Please give a whole number, without a fraction.
forms-engine-invalid-number-min = The number must be at least { $min }.
forms-engine-invalid-number-max = The number must be at most { $max }.
forms-engine-invalid-date = That does not read as a date. Please type it like this: { $example }.
forms-engine-invalid-date-early =
    The date cannot be earlier than { $day } { $month ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    } { $year }.
forms-engine-invalid-date-late =
    The date cannot be later than { $day } { $month ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    } { $year }.
forms-engine-invalid-yes-no = Please answer "yes" or "no", with a button or in words.
forms-engine-invalid-ranking-already = That one is already chosen. Choose another or press "Done".
forms-engine-invalid-ranking-full = You have already chosen { $max }. To change your choice, press "Undo last choice".
forms-engine-invalid-ranking-min =
    Choose at least { $min } { $min ->
        [one] option
       *[other] options
    }, then press "Done".
forms-engine-nothing-to-undo = Nothing to undo yet: you have not chosen anything.
forms-engine-missing-answer = One question still has no answer. Answer it and you can submit.
