# Дорожная карта программы: названия этапов шаблонов, напоминания, /roadmap и /settings.

## Названия этапов встроенных шаблонов (школа: 34 шага, колледж: 10 шагов, семь этапов)
roadmap-stage-school-inform-teachers = Информирование педагогов о программе наставничества
roadmap-stage-school-inform-parents = Информирование родителей о программе
roadmap-stage-school-meet-alumni = Встреча с выпускниками и партнёрами
roadmap-stage-school-meet-students = Встреча с обучающимися о программе
roadmap-stage-school-mentee-questionnaire = Анкетирование наставляемых
roadmap-stage-school-mentee-requests = Запросы наставляемых и согласия законных представителей
roadmap-stage-school-mentee-base = Формирование базы наставляемых
roadmap-stage-school-choose-form = Выбор формы наставничества
roadmap-stage-school-mentee-evaluation = Входная оценка наставляемых
roadmap-stage-school-mentor-questionnaire = Анкетирование наставников
roadmap-stage-school-mentor-base = Формирование базы наставников
roadmap-stage-school-mentor-evaluation = Входная оценка наставников
roadmap-stage-school-mentor-interviews = Собеседования с наставниками
roadmap-stage-school-trainers = Поиск экспертов и материалов для обучения наставников
roadmap-stage-school-mentor-training = Обучение наставников
roadmap-stage-school-group-meeting = Групповая встреча наставников и наставляемых
roadmap-stage-school-preference-poll = Опрос о предпочитаемом наставнике и наставляемом
roadmap-stage-school-matching = Формирование пар и групп
roadmap-stage-school-pairs-announced = Информирование о парах и их закрепление
roadmap-stage-school-first-meeting = Первая, организационная встреча
roadmap-stage-school-trial-meeting = Вторая, пробная рабочая встреча
roadmap-stage-school-planning-meeting = Встреча-планирование
roadmap-stage-school-regular-meetings = Регулярные встречи
roadmap-stage-school-interim-feedback = Сбор обратной связи
roadmap-stage-school-final-meeting = Заключительная встреча
roadmap-stage-school-final-group-meeting = Групповая заключительная встреча всех пар и групп
roadmap-stage-school-satisfaction = Мониторинг удовлетворённости участием
roadmap-stage-school-ceremony-invitations = Приглашения на итоговое мероприятие
roadmap-stage-school-ceremony = Итоговое мероприятие и награждение наставников
roadmap-stage-school-quality-monitoring = Мониторинг качества реализации программы
roadmap-stage-school-exit-evaluation = Итоговая оценка участников
roadmap-stage-school-cases = Оформление итогов в кейсы
roadmap-stage-school-publication = Публикация результатов программы
roadmap-stage-school-base-update = Внесение итогов в базы наставников и наставляемых
roadmap-stage-college-inform-teachers = Информирование педагогов о программе наставничества
roadmap-stage-college-meet-students = Встреча со студентами о программе
roadmap-stage-college-entry-questionnaire = Входное анкетирование
roadmap-stage-college-requests-consents = Запросы наставляемых и согласия
roadmap-stage-college-bases = Формирование баз наставляемых и наставников
roadmap-stage-college-choose-form = Выбор форм наставничества
roadmap-stage-college-navigator-meetings = Встречи педагога-навигатора с наставниками от производства
roadmap-stage-college-final-questionnaire = Итоговое анкетирование
roadmap-stage-college-reporting = Отчётность и заполнение баз
roadmap-stage-college-publication = Публикация результатов и лучших наставников
roadmap-stage-seven-stages-preparation = Подготовка условий для запуска программы
roadmap-stage-seven-stages-mentee-base = Формирование базы наставляемых
roadmap-stage-seven-stages-mentor-base = Формирование базы наставников
roadmap-stage-seven-stages-mentor-training = Отбор и обучение наставников
roadmap-stage-seven-stages-matching = Формирование наставнических пар и групп
roadmap-stage-seven-stages-mentoring = Работа наставнических пар и групп
roadmap-stage-seven-stages-completion = Завершение наставничества

## Напоминания
roadmap-open = «{ $program }»: этап «{ $stage }» (до { $closes }).
roadmap-open-form = Пожалуйста, заполните анкету: кнопка ниже (или команда /forms).
roadmap-open-meeting = Пора провести встречу: { $meeting }. После встречи отметьте её кнопкой ниже или командой /meeting.
roadmap-button-meeting = Отметить встречу
roadmap-open-information = Это для вашего сведения, ничего делать не нужно.
roadmap-nudge = Напоминание { $attempt } из { $limit }.
roadmap-mute-hint = Повторные напоминания можно отключить: /settings
roadmap-button-form = Заполнить анкету
roadmap-curator-task = «{ $program }», задача куратора: «{ $stage }» (до { $closes }).
roadmap-curator-consents = Ждут согласия на обработку данных: { $count }. Бумажные согласия: /consents
roadmap-curator-pairs = Пар ждут утверждения: { $count }. Открыть: /pairs
roadmap-closing = «{ $program }»: этап «{ $stage }» закрывается { $closes }, а выполнили его ещё не все: осталось { $left } из { $total }.
roadmap-meeting-first = первая, организационная
roadmap-meeting-trial = пробная рабочая
roadmap-meeting-planning = встреча-планирование
roadmap-meeting-regular = регулярная встреча
roadmap-meeting-final = заключительная

## Кнопка этапа
roadmap-form-done = Эта анкета уже заполнена, спасибо!
roadmap-stage-gone = Этот этап больше ничего не ждёт от вас.

## /settings
command-settings = Настройки напоминаний
roadmap-settings-on = Напоминания включены: когда этап программы ждёт вашего участия, бот напишет и, если нужно, напомнит ещё раз; накануне встречи с парой — напомнит о ней.
roadmap-settings-off = Повторные напоминания и напоминания накануне встреч отключены. Сообщения о начале этапов, которые ждут вашего участия, всё равно придут.
roadmap-settings-mute = Отключить повторные напоминания
roadmap-settings-unmute = Включить напоминания
roadmap-settings-typed = Без кнопок: /settings off — отключить, /settings on — включить.
roadmap-typed-off = off,выкл,выключить,отключить,нет
roadmap-typed-on = on,вкл,включить,да

## /roadmap для куратора
command-roadmap = Дорожная карта программы и её сроки
roadmap-view-no-programs = В вашей организации пока нет программ.
roadmap-view-pick-program = Дорожная карта какой программы?
roadmap-view-empty = У программы «{ $program }» нет дорожной карты.
roadmap-view-header = Дорожная карта «{ $program }» (сегодня { $today }):
roadmap-view-line = { $state ->
    [open] ▶
    [done] ✓
   *[later] ·
} { $position }. { $title }: { $opens } — { $closes } · { $audience }
roadmap-view-settings = Тихие часы { $quiet }; повторные напоминания каждые { $after } дн., не больше { $limit } раз; каникулы: { $holidays ->
    [none] не заданы
   *[other] { $holidays }
}. Изменить: set-reminders в командной строке.
roadmap-audience-all = все участники
roadmap-audience-mentors = наставники
roadmap-audience-mentees = наставляемые
roadmap-audience-curators = куратор
roadmap-view-move = Перенести этап
roadmap-view-pick-stage = Какой этап перенести?
roadmap-view-more = Дальше
roadmap-view-stage = «{ $title }»: { $opens } — { $closes }. На сколько перенести?
roadmap-shift-earlier = ← на { $days } дн.
roadmap-shift-later = на { $days } дн. →
roadmap-extend = Продлить на { $days } дн.
roadmap-moved = Этап «{ $title }» теперь идёт { $opens } — { $closes }. Напоминания пересчитаны по новым срокам.
roadmap-back = К дорожной карте

## Командная строка
cli-command-show-roadmap = показать дорожную карту программы: этапы со сроками, тихие часы, ритм напоминаний, каникулы
cli-command-move-stage = перенести этап дорожной карты на другие даты (напоминания пересчитываются)
cli-command-set-reminders = задать тихие часы, ритм повторных напоминаний и школьные каникулы программы
cli-help-roadmap-program = id программы
cli-help-move-stage-stage = ключ этапа, как его показывает show-roadmap (например, mentee_questionnaire)
cli-help-move-stage-opens = новая дата начала этапа
cli-help-move-stage-closes = новая дата окончания; по умолчанию этап сохраняет свою длительность
cli-help-set-reminders-quiet = тихие часы по местному времени, например 21:00-09:00
cli-help-set-reminders-nudge-after = через сколько дней напоминать тем, кто ещё не выполнил этап
cli-help-set-reminders-nudge-limit = сколько раз напоминать самое большее (0 — не напоминать повторно)
cli-help-set-reminders-holidays = каникулы, когда ученикам не пишем: 2026-10-26..2026-11-03,2026-12-29..2027-01-11; none — без каникул
cli-help-create-program-roadmap = шаблон дорожной карты: school (34 шага), college (10 шагов), seven_stages (7 этапов) или none; по умолчанию по типу организации
cli-help-create-program-roadmap-file = свой шаблон дорожной карты: файл YAML или JSON (см. docs/roadmaps.md)
cli-program-roadmap = Дорожная карта: { $template }, этапов: { $stages }. Посмотреть: npm run cli -- show-roadmap --program { $id }
cli-roadmap-header = Дорожная карта программы «{ $program }» (id { $id }), шаблон: { $template }.
cli-roadmap-settings = Тихие часы { $quiet }; повторные напоминания каждые { $after } дн., не больше { $limit } раз.
cli-roadmap-holidays = Каникулы: { $holidays ->
    [none] не заданы
   *[other] { $holidays }
}.
cli-roadmap-none = Этапов нет.
cli-roadmap-stage = { $position }. { $key }: { $opens } — { $closes } · { $audience } · { $action } · { $title }
cli-stage-moved = Этап «{ $title }» перенесён: { $opens } — { $closes }. Напоминания пересчитаются на ближайшем такте часов.
cli-reminders-set = Настройки напоминаний программы «{ $program }» сохранены.
roadmap-error-unknown-program = программы с id { $id } нет
roadmap-error-unknown-stage = в дорожной карте «{ $program }» нет этапа { $stage }
roadmap-error-closes-before-opens = дата окончания { $closes } раньше даты начала { $opens }
roadmap-error-quiet = тихие часы пишутся как 21:00-09:00, а не «{ $value }»
roadmap-error-holidays = каникулы пишутся как 2026-10-26..2026-11-03 через запятую (или none), а не «{ $value }»
roadmap-error-template-file = шаблон дорожной карты с ошибками:
    { $problems }
roadmap-error-two-templates = укажите либо --roadmap, либо --roadmap-file
roadmap-error-nothing-to-set = укажите, что изменить: --quiet, --nudge-after, --nudge-limit или --holidays
