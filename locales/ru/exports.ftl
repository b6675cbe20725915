# Выгрузки в таблицы (XLSX, CSV): заголовки, подписи и имена файлов.
# Текст ячеек, начинающийся с = + - @, получает впереди апостроф: так таблица не примет его за формулу.

## Подтверждённые пары (для приказа о закреплении наставников)

export-pairs-file-name = Пары наставников, { $program }, { $date }
export-pairs-sheet = Пары
export-pairs-title = { $organisation }
export-pairs-subtitle = Программа наставничества «{ $program }», { $year } учебный год. Закреплённые пары наставников и наставляемых на { $date }
export-pairs-date = { $day }.{ $month }.{ $year }
export-pairs-column-number = №
export-pairs-column-mentor = Наставник
export-pairs-column-mentor-category = Категория наставника
export-pairs-column-mentor-grade = Класс наставника
export-pairs-column-mentee = Наставляемый
export-pairs-column-mentee-category = Категория наставляемого
export-pairs-column-mentee-grade = Класс наставляемого
export-pairs-column-form = Форма наставничества
export-pairs-column-confirmed-at = Дата закрепления
export-pairs-column-confirmed-by = Кто подтвердил
export-pairs-erased-person = (данные удалены по просьбе участника)
export-pairs-unnamed-person = (имя не указано)
export-pairs-category =
    { $category ->
        [pupil] ученик
        [student] студент
        [teacher] педагог
        [young_specialist] молодой специалист
        [employer] работодатель
        [parent] родитель
       *[other] { $category }
    }
export-pairs-form =
    { $form ->
        [pupil_pupil] ученик — ученик
        [student_student] студент — студент
        [student_pupil] студент — ученик
        [teacher_teacher] педагог — педагог
        [teacher_pupil] учитель — ученик
        [lecturer_student] преподаватель — студент
        [employer_pupil] работодатель — ученик
        [employer_student] работодатель — студент
        [principal_teacher] руководитель — педагог
        [parent_pupil] родитель — ученик
       *[other] { $form }
    }

## Командная строка: export-pairs

cli-command-export-pairs = выгрузить подтверждённые пары программы в таблицу (XLSX или CSV) для приказа о закреплении
cli-help-export-pairs-program = id программы
cli-help-export-pairs-format = формат файла: xlsx (по умолчанию) или csv (UTF-8, разделитель «;», открывается в Excel)
cli-help-export-pairs-out = куда записать файл; по умолчанию в текущую папку под именем выгрузки
cli-export-pairs-written =
    Записан файл { $path }: { $pairs ->
        [one] { $pairs } пара
        [few] { $pairs } пары
       *[other] { $pairs } пар
    }, { $rows ->
        [one] { $rows } строка
        [few] { $rows } строки
       *[other] { $rows } строк
    } (наставник — наставляемый).
cli-export-pairs-empty = В программе «{ $program }» пока нет подтверждённых пар: в файле только заголовок.
export-error-unknown-program = программы с id { $id } нет
cli-error-out-path = не удалось записать файл «{ $path }»: { $reason }
