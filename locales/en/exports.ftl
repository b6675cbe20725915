# Spreadsheet exports (XLSX, CSV): headers, captions and file names.
# Cell text that begins with = + - @ gets a leading apostrophe so a spreadsheet never runs it as a formula.

## Confirmed pairs (for the head's order that fixes the pairs)

export-pairs-file-name = Mentoring pairs, { $program }, { $date }
export-pairs-sheet = Pairs
export-pairs-title = { $organisation }
export-pairs-subtitle = Mentoring programme "{ $program }", school year { $year }. Confirmed mentor–mentee pairs as of { $date }
export-pairs-date = { $year }-{ $month }-{ $day }
export-pairs-column-number = No.
export-pairs-column-mentor = Mentor
export-pairs-column-mentor-category = Mentor's category
export-pairs-column-mentor-grade = Mentor's grade
export-pairs-column-mentee = Mentee
export-pairs-column-mentee-category = Mentee's category
export-pairs-column-mentee-grade = Mentee's grade
export-pairs-column-form = Mentoring form
export-pairs-column-confirmed-at = Confirmed on
export-pairs-column-confirmed-by = Confirmed by
export-pairs-erased-person = (data erased at the participant's request)
export-pairs-unnamed-person = (no name given)
export-pairs-category =
    { $category ->
        [pupil] pupil
        [student] student
        [teacher] teacher
        [young_specialist] young specialist
        [employer] employer
        [parent] parent
       *[other] { $category }
    }
export-pairs-form =
    { $form ->
        [pupil_pupil] pupil — pupil
        [student_student] student — student
        [student_pupil] student — pupil
        [teacher_teacher] teacher — teacher
        [teacher_pupil] teacher — pupil
        [lecturer_student] lecturer — student
        [employer_pupil] employer — pupil
        [employer_student] employer — student
        [principal_teacher] head — teacher
        [parent_pupil] parent — pupil
       *[other] { $form }
    }

## Command line: export-pairs

cli-command-export-pairs = export a programme's confirmed pairs as a spreadsheet (XLSX or CSV) for the order that fixes them
cli-help-export-pairs-program = programme id
cli-help-export-pairs-format = file format: xlsx (default) or csv (UTF-8, ';' between fields, opens in Excel)
cli-help-export-pairs-out = where to write the file; by default the current folder, under the export's name
cli-export-pairs-written =
    Wrote { $path }: { $pairs ->
        [one] { $pairs } pair
       *[other] { $pairs } pairs
    }, { $rows ->
        [one] { $rows } row
       *[other] { $rows } rows
    } (mentor — mentee).
cli-export-pairs-empty = The programme "{ $program }" has no confirmed pairs yet: the file holds the header only.
export-error-unknown-program = there is no programme with id { $id }
cli-error-out-path = could not write the file "{ $path }": { $reason }
