## Формирование пар: групповая встреча, опрос предпочтений, подбор пар, утверждение

pairing-curators-only = Эта команда — для кураторов программ. Если вы куратор, войдите по приглашению куратора.
pairing-not-yours = Эта программа не относится к вашей организации, поэтому здесь ничего не изменилось.
pairing-no-programs = В ваших организациях пока нет программ. Создайте программу (npm run cli -- add-program) и возвращайтесь.
pairing-choose-program = Выберите программу:
pairing-unnamed = Участник № { $id }
pairing-side-mentor = наставник
pairing-side-mentee = наставляемый

pairing-panel =
    Программа «{ $program }»
    Активных участников: наставников — { $mentors }, наставляемых — { $mentees }.
pairing-panel-no-meeting = Групповой встречи ещё не было.
pairing-panel-draft = Групповая встреча { $day }: отмечаете присутствующих, опрос ещё не разослан.
pairing-panel-poll-open = Опрос после встречи { $day }: ответили { $answered } из { $present }, закроется { $closes }.
pairing-panel-poll-closed = Опрос после встречи { $day } закрыт.
pairing-panel-pairs = Пар утверждено: { $confirmed }. В предложении: { $proposed }. Наставляемых без пары: { $unpaired }.

pairing-button-meeting = 👥 Групповая встреча
pairing-button-meeting-continue = 👥 Продолжить отметку
pairing-button-close = 🔒 Закрыть опрос и подобрать пары
pairing-button-proposal = 📋 Предложение пар
pairing-button-manual = ✋ Составить пары вручную
pairing-button-end = ⛔ Завершить или сменить пару
pairing-button-export = 📄 Выгрузить пары
pairing-button-back = ← Назад
pairing-button-prev = ◀
pairing-button-next = ▶

pairing-attendance =
    Групповая встреча, { $day }.
    Отметьте, кто был: ✅ — был, ⬜ — не было. Нажатие меняет отметку.
    Отмечено: { $present } из { $total } (наставников — { $mentors }, наставляемых — { $mentees }).
pairing-attendance-page = Страница { $page } из { $pages }.
pairing-attendee = { $mark } { $name } · { $side }
pairing-button-day = 📅 Дата: { $day }
pairing-choose-day = Когда прошла встреча?
pairing-button-send = 📨 Разослать опрос ({ $present })
pairing-send-needs-both = Чтобы подобрать пары, на встрече должны быть хотя бы один наставник и один наставляемый.
pairing-poll-sent = Опрос разослан: { $present } { $present ->
        [one] участнику
       *[other] участникам
    }. Он закроется { $closes }, тогда я подберу пары и пришлю предложение. Закрыть раньше: /pairs.
pairing-poll-already-sent = Опрос по этой встрече уже разослан.

pairing-poll-invite =
    Спасибо, что были на групповой встрече программы «{ $program }» ({ $day })!
    Выберите, с кем вам хотелось бы работать: до трёх человек, по порядку. Опрос открыт до { $closes }.
pairing-poll-button = Выбрать
pairing-poll-reminder = Напоминаю об опросе после групповой встречи программы «{ $program }»: он закроется { $closes }.
pairing-poll-closed = Этот опрос уже закрыт. Если хотите что-то изменить, напишите куратору.
pairing-poll-not-invited = Этот опрос — для участников групповой встречи.

pairing-proposal-empty = Предложения пар нет: никто ещё не поставлен в пару. Нажмите «Составить пары вручную» или закройте опрос.
pairing-proposal-title = Предложение пар — «{ $program }»
pairing-proposal-mentor = { $index }. { $name } (мест: { $taken } из { $capacity })
pairing-proposal-mentee = • { $name } — { $why }
pairing-why-both = выбрал(а) наставника { $menteeRank }-м, наставник выбрал { $mentorRank }-м
pairing-why-mentee = выбрал(а) наставника { $menteeRank }-м
pairing-why-mentor = наставник выбрал { $mentorRank }-м
pairing-why-curator = поставлен(а) куратором
pairing-over-capacity = ⚠️ больше мест, чем готов вести наставник
pairing-unmatched-title = Без пары ({ $count }) — им нужна поддержка и продолжение поиска:
pairing-unmatched = • { $name } — { $reason }
pairing-reason-ranked-nobody = никого не выбрал(а) в опросе
pairing-reason-ranked-by-nobody = никто из наставников не выбрал
pairing-reason-no-match = взаимного выбора не получилось
pairing-free-title = Свободные места у наставников:
pairing-free = • { $name } — { $free }
pairing-button-confirm = ✅ Утвердить пары
pairing-button-edit = ✏️ Изменить

pairing-edit-choose-mentee = Кого поставить в пару или переставить?
pairing-edit-mentee-paired = { $name } → { $mentor }
pairing-edit-mentee-free = { $name } — без пары
pairing-edit-choose-mentor = { $name }: к какому наставнику?
pairing-edit-mentor = { $name } ({ $taken }/{ $capacity })
pairing-button-remove = Убрать из пары
pairing-button-done = Готово
pairing-placed = Готово: { $mentee } → { $mentor }.
pairing-removed = { $mentee } теперь без пары.
pairing-cannot-place = Этого участника нельзя поставить в пару: он уже в утверждённой паре или выбыл из программы.
pairing-no-mentees = В программе нет наставляемых без утверждённой пары.
pairing-no-mentors = В программе нет активных наставников.

pairing-nothing-to-confirm = Утверждать нечего: в предложении нет пар.
pairing-confirmed = Утверждено пар: { $count }. Участники получили сообщения о своих парах.
pairing-still-unmatched = Без пары остаются: { $names }. Продолжайте поиск: /pairs → «Составить пары вручную».
pairing-announce-mentee =
    Ваш наставник в программе «{ $program }»: { $mentor }.
    Первая встреча — организационная: куратор поможет договориться о ней, а наставник напишет вам или подойдёт сам.
pairing-announce-mentor =
    Ваши наставляемые в программе «{ $program }»: { $mentees }.
    Первая встреча — организационная: договоритесь о ней с наставляемыми (куратор поможет связаться).
pairing-announce-curator-unmatched = Наставляемые без пары в программе «{ $program }»: { $names }. Им нужна поддержка и продолжение поиска наставника.

pairing-proposal-ready = Опрос после групповой встречи программы «{ $program }» закрыт: предложено пар — { $pairs }, без пары — { $unmatched }. Посмотреть и утвердить: /pairs.

pairing-end-choose = Какую пару завершить?
pairing-end-pair = { $mentor } — { $mentees }
pairing-end-none = Утверждённых пар нет.
pairing-end-reason = Почему пара { $mentor } — { $mentees } завершается?
pairing-reason-completed = Программа пройдена
pairing-reason-mismatch = Не сложилось
pairing-reason-left = Участник выбыл
pairing-reason-other = Другое
pairing-ended = Пара завершена. Если нужна новая пара — «Составить пары вручную».
pairing-ended-already = Эта пара уже завершена.
pairing-ended-notice = Ваша пара в программе «{ $program }» ({ $partners }) завершена куратором. Если у вас есть вопросы, напишите куратору.

command-pairs = Пары: групповая встреча, опрос, подбор и утверждение
pairing-candidate = { $name }

pairing-export-caption = Утверждённые пары программы «{ $program }»: { $pairs }. Таблица — для приказа о закреплении наставников.

pairing-button-capacity = 🪑 Места у наставников
pairing-capacity-choose = Сколько наставляемых готов вести каждый наставник? Нажмите, чтобы изменить.
pairing-capacity-mentor = { $name } — мест: { $capacity } (занято { $taken })
pairing-capacity-ask = Сколько наставляемых будет у наставника { $name }? Сейчас: { $capacity }.

## Командная строка
cli-command-group-meeting = записать групповую встречу программы и разослать опрос предпочтений присутствующим
cli-help-group-meeting-program = id программы
cli-help-group-meeting-date = дата встречи ГГГГ-ММ-ДД; по умолчанию сегодня по часам организации
cli-help-group-meeting-absent = id участников, которых не было, через запятую (остальные активные участники были)
cli-error-group-meeting-absent = «{ $value }» — не список id участников через запятую, например 12,15
cli-group-meeting-done = Групповая встреча { $id } записана. Опрос поставлен в очередь для { $asked } участников (его отправит запущенный сервис) и закроется { $closes }.
cli-command-close-poll = закрыть опрос после последней групповой встречи программы и подобрать пары
cli-help-close-poll-program = id программы
cli-error-close-poll-none = У программы нет открытого опроса после групповой встречи.
cli-close-poll-done = Опрос закрыт. Предложено пар: { $pairs }, без пары: { $unmatched }. Проверить и утвердить: /pairs в чате.
