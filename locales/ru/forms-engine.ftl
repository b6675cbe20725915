# Тексты движка анкет: прогресс, кнопки, сводка, сообщения об ошибках ввода.

forms-engine-progress = Вопрос { $current } из { $total }
forms-engine-progress-changed =
    Вопрос { $current } из { $total } ({ $change ->
        [more] после вашего ответа { $count ->
            [one] добавился { $count } вопрос
            [few] добавилось { $count } вопроса
           *[many] добавилось { $count } вопросов
        }
       *[fewer] после вашего ответа { $count ->
            [one] { $count } вопрос больше не нужен
            [few] { $count } вопроса больше не нужны
           *[many] { $count } вопросов больше не нужны
        }
    })
forms-engine-back = ← Назад
forms-engine-back-to-summary = ← К проверке ответов
forms-engine-skip = Пропустить
forms-engine-done = Готово
forms-engine-keep = Оставить как есть
forms-engine-undo = Отменить последний выбор
forms-engine-submit = Отправить
forms-engine-fix = Исправить { $number }
forms-engine-yes = Да
forms-engine-no = Нет
forms-engine-shortcut-today = Сегодня
forms-engine-shortcut-yesterday = Вчера
forms-engine-shortcut-tomorrow = Завтра
forms-engine-shortcut-in-a-week = Через неделю
forms-engine-page = Страница { $page } из { $pages }
forms-engine-page-previous = ◀ Предыдущие
forms-engine-page-next = Следующие ▶
forms-engine-current-answer = Ваш ответ сейчас:
forms-engine-summary-heading = Проверьте ответы. Если что-то не так, нажмите «Исправить» с номером вопроса, а потом «Отправить».
forms-engine-skipped = — пропущено —
forms-engine-done-text = Спасибо! Ответы сохранены.
forms-engine-number = { $value }
forms-engine-scale-value = { $value } из { $max }
forms-engine-date =
    { $day } { $month ->
        [1] января
        [2] февраля
        [3] марта
        [4] апреля
        [5] мая
        [6] июня
        [7] июля
        [8] августа
        [9] сентября
        [10] октября
        [11] ноября
       *[12] декабря
    } { $year }
forms-engine-raw = { $value }
forms-engine-help-multiple =
    { $max ->
        [1] Выберите один вариант и нажмите «Готово».
       *[other] { $all ->
            [yes] Отметьте все подходящие варианты и нажмите «Готово».
           *[no] { $min ->
                [1] Отметьте до { $max } { $max ->
                    [one] варианта
                   *[other] вариантов
                } и нажмите «Готово».
               *[other] Отметьте от { $min } до { $max } { $max ->
                    [one] варианта
                   *[other] вариантов
                } и нажмите «Готово».
            }
        }
    }
forms-engine-help-scale = Выберите число от { $min } до { $max } или напишите его.
forms-engine-help-text =
    До { $max } { $max ->
        [one] символа
       *[other] символов
    }.
forms-engine-help-number = Напишите число.
forms-engine-help-number-range = Напишите число от { $min } до { $max }.
forms-engine-help-number-min = Напишите число не меньше { $min }.
forms-engine-help-number-max = Напишите число не больше { $max }.
forms-engine-help-date = Напишите дату, например { $example }, или нажмите кнопку.
forms-engine-help-pick = Выберите из списка кнопкой или напишите номер.
forms-engine-help-pick-multiple = Отметьте всех, кто подходит, и нажмите «Готово». Можно написать номера через запятую.
forms-engine-help-ranking =
    Выберите до { $max } по порядку: { $max ->
        [one] самый желательный вариант.
       *[other] сначала самый желательный, потом следующий.
    }
forms-engine-source-empty = Здесь пока не из чего выбрать: список ещё не готов. Мы напомним, когда он появится.
forms-engine-stale = Эта кнопка уже не действует. Вот где вы сейчас:
forms-engine-stale-finished = Эта анкета уже отправлена, изменить её здесь нельзя.
forms-engine-use-buttons = Пожалуйста, ответьте кнопкой или номером варианта.
# В терминале кнопки нажимают, вводя букву из скобок перед ними.
forms-engine-summary-use-buttons = Чтобы изменить ответ, нажмите «Исправить» с номером вопроса; если всё верно — «Отправить».
forms-engine-cannot-skip = На этот вопрос нужно ответить, пропустить его нельзя.
forms-engine-cannot-go-back = Это первый вопрос, назад идти некуда.
forms-engine-invalid-option-number =
    Нет варианта с таким номером. Напишите число от 1 до { $count } или нажмите кнопку.
forms-engine-invalid-multiple-min =
    Выберите хотя бы { $min } { $min ->
        [one] вариант
        [few] варианта
       *[many] вариантов
    }.
forms-engine-invalid-multiple-max =
    Можно выбрать не больше { $max } { $max ->
        [one] варианта
       *[other] вариантов
    }. Снимите отметку с лишнего.
forms-engine-invalid-multiple-exclusive = Вариант { $number } не сочетается с другими: выберите либо его, либо остальные.
forms-engine-invalid-scale = Нужно целое число от { $min } до { $max }.
forms-engine-invalid-text-empty = Напишите, пожалуйста, ответ текстом.
forms-engine-invalid-text-short =
    Слишком коротко: нужно хотя бы { $min } { $min ->
        [one] символ
        [few] символа
       *[many] символов
    }.
forms-engine-invalid-text-long =
    Слишком длинно: не больше { $max } { $max ->
        [one] символа
       *[other] символов
    }. Сократите, пожалуйста.
forms-engine-invalid-number =
    Не получилось прочитать число. Напишите его цифрами, например { $integer ->
        [yes] 12
       *[no] 12 или 1,5
    }.
forms-engine-invalid-number-integer = Нужно целое число, без дробной части.
forms-engine-invalid-number-min = Число должно быть не меньше { $min }.
forms-engine-invalid-number-max = Число должно быть не больше { $max }.
forms-engine-invalid-date = Не получилось прочитать дату. Напишите её так: { $example }.
forms-engine-invalid-date-early =
    Дата не может быть раньше { $day } { $month ->
        [1] января
        [2] февраля
        [3] марта
        [4] апреля
        [5] мая
        [6] июня
        [7] июля
        [8] августа
        [9] сентября
        [10] октября
        [11] ноября
       *[12] декабря
    } { $year }.
forms-engine-invalid-date-late =
    Дата не может быть позже { $day } { $month ->
        [1] января
        [2] февраля
        [3] марта
        [4] апреля
        [5] мая
        [6] июня
        [7] июля
        [8] августа
        [9] сентября
        [10] октября
        [11] ноября
       *[12] декабря
    } { $year }.
forms-engine-invalid-yes-no = Ответьте «да» или «нет» — кнопкой или словом.
forms-engine-invalid-ranking-already = Этот вариант уже выбран. Выберите другой или нажмите «Готово».
forms-engine-invalid-ranking-full =
    Уже выбрано { $max }. Чтобы заменить выбор, нажмите «Отменить последний выбор».
forms-engine-invalid-ranking-min =
    Выберите хотя бы { $min } { $min ->
        [one] вариант
        [few] варианта
       *[many] вариантов
    }, потом нажмите «Готово».
forms-engine-nothing-to-undo = Пока нечего отменять: вы ещё ничего не выбрали.
forms-engine-missing-answer = Остался вопрос без ответа — ответьте на него, и можно будет отправить.
