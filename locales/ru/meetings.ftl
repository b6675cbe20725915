# Встречи пары: отметка наставником, подтверждение наставляемыми, напоминания, /pair

command-meeting = Отметить встречу с наставляемыми
command-pair = Моя пара и встречи

meetings-type-first = знакомство
meetings-type-trial = пробная
meetings-type-planning = планирование
meetings-type-regular = рабочая
meetings-type-final = заключительная
meetings-format-in-person = вживую
meetings-format-online = онлайн
meetings-line = { $day }, { $type }, { $format }, { $minutes } мин
meetings-person = { $name }
meetings-pair-names = { $mentor } — { $mentees }

meetings-no-pair = У вас пока нет утверждённой пары. Когда куратор утвердит пары, здесь появятся ваши встречи.
meetings-mentee-logs-nothing = Встречи отмечает наставник, а вас бот попросит подтвердить каждую. Историю встреч покажет /pair.
meetings-choose-pair = С кем была встреча?
meetings-pair-label = { $program }: { $mentees }
meetings-log-lead =
    Встреча с наставляемыми: { $mentees }. Обычные ответы уже заполнены: { $meeting }.
    Осталось отметить, о чём говорили, и дату следующей встречи. Всё остальное можно поправить перед отправкой.
meetings-edit-lead = Исправьте нужные ответы в сводке и отправьте: встреча обновится.

meetings-confirm-ask =
    { $mentor } отметил(а) встречу с вами: { $meeting }.
    Подтвердите, пожалуйста, — это займёт полминуты.
meetings-button-confirm = Подтвердить встречу
meetings-confirm-lead = Встреча с наставником ({ $mentor }): { $meeting }.
meetings-confirmed-already = Вы уже ответили про эту встречу. Спасибо!
meetings-withdrawn = Эта встреча отменена или удалена наставником.

meetings-final-poll =
    Заключительная встреча в программе «{ $program }» отмечена. Расскажите, как прошло наставничество: опрос займёт несколько минут.
meetings-button-final-poll = Пройти итоговый опрос
meetings-final-poll-done = Вы уже прошли итоговый опрос. Спасибо!

meetings-curator-disputed =
    Расхождение в программе «{ $program }»: { $mentee } не подтверждает встречу, которую отметил(а) { $mentor } ({ $meeting }) — по словам наставляемого, встречи не было.
meetings-curator-flagged =
    { $mentee } просит куратора обратить внимание на встречу в программе «{ $program }» ({ $meeting }, наставник — { $mentor }). Наставник этого не видит.
meetings-curator-comment = Комментарий: { $comment }
meetings-curator-also-flagged = Наставляемый просит куратора обратить на это внимание.

meetings-reminder = Напоминание: { $day } встреча. Участники: { $partners }.
meetings-button-log = Отметить встречу
meetings-silent-mentor =
    У вас не было встреч с наставляемыми ({ $mentees }) уже { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    }. Договоритесь о встрече, а после неё отметьте её здесь.
meetings-silent-curator =
    Пара { $mentor } — { $mentees } (программа «{ $program }») не встречалась { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    }, с { $since }. Наставнику уже напоминали; возможно, нужна помощь куратора.

meetings-change-too-late =
    Встречу можно исправить или удалить только в течение { $days } { $days ->
        [one] дня
       *[other] дней
    } после отметки. Если нужно, напишите куратору.
meetings-edit-why = Почему нужно исправить встречу ({ $meeting })?
meetings-delete-why = Почему нужно удалить встречу ({ $meeting })?
meetings-edit-reason-date = Не та дата
meetings-edit-reason-details = Неточности в ответах
meetings-edit-reason-people = Не те участники
meetings-edit-reason-other = Другое
meetings-delete-reason-not-held = Встреча не состоялась
meetings-delete-reason-duplicate = Отмечена дважды
meetings-delete-reason-wrong-pair = Не та пара
meetings-delete-reason-other = Другое
meetings-deleted = Встреча удалена: { $meeting }.

meetings-pair-mentor = Программа «{ $program }». Ваши наставляемые: { $mentees }.
meetings-pair-mentee = Программа «{ $program }». Ваш наставник: { $mentor }.
meetings-history-empty = Встреч пока не было.
meetings-history-title = Последние встречи:
meetings-next = Следующая встреча: { $day }.
meetings-mark-confirmed = ✅ подтверждена
meetings-mark-waiting = ⏳ подтвердили { $confirmed } из { $present }
meetings-mark-disputed = ❗ { $names }: встречи не было
meetings-mark-absent = вас не было
meetings-mark-you-confirmed = ✅ вы подтвердили
meetings-mark-you-disputed = ❗ вы ответили, что встречи не было
meetings-mark-you-waiting = ⏳ ждёт вашего подтверждения
meetings-button-confirm-day = Подтвердить встречу { $day }
meetings-button-edit = Исправить встречу { $day }
meetings-button-delete = Удалить встречу { $day }

meetings-curator-title = Встречи пар в программе «{ $program }» (пар: { $pairs }):
meetings-curator-page = Страница { $page } из { $pages }
meetings-curator-no-pairs = В программе «{ $program }» пока нет утверждённых пар.
meetings-curator-none =
    встреч не было, пара утверждена { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    } назад
meetings-curator-last =
    последняя встреча { $meeting } ({ $days ->
        [0] сегодня
        [one] { $days } день назад
        [few] { $days } дня назад
       *[many] { $days } дней назад
    })
meetings-button-prev = ← Назад
meetings-button-next = Дальше →
