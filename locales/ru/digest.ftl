## Еженедельная сводка куратора и координатора, показатели и цели

digest-title = 📋 Сводка за неделю · { $organisation }
digest-subtitle = { $day } · программ: { $programs } · наставников: { $mentors }, наставляемых: { $mentees }
digest-unnamed = Участник № { $id }
digest-more = и ещё { $count }
digest-new = 👋 Новых участников за неделю: { $count } (наставников: { $mentors }, наставляемых: { $mentees })
digest-consents = ✍️ Ждут согласия: { $count } — { $names }
digest-forms = 📝 Не заполнили анкету: { $count } — { $names }
digest-pairs = 🤝 Пар утверждено: { $confirmed } (за неделю: { $formedThisWeek }), ждут утверждения: { $proposed }
digest-unmatched = 🧩 Наставляемых без пары: { $count } — { $names }
digest-meetings = 🗓 Встреч отмечено за неделю: { $count }
digest-silent = 🔕 Пары без встреч { $days }+ дней: { $count } — { $names }
digest-silent-pair = { $name } ({ $days } дн.)
digest-no-answers = нет ответов
digest-mean = { $mean } из 10 (ответов: { $answered })
digest-satisfaction = 🙂 Итоговая удовлетворённость: наставляемые — { $mentees }; наставники — { $mentors }
digest-interim = 💬 Промежуточные отзывы: { $mean }; просят связаться с куратором: { $want }
digest-indicators = 🎯 Показатели { $year } (достигнуто / цель):
digest-indicator-met = ✅ { $label }: { $percent }% ({ $count } из { $denominator }) / { $target }%
digest-indicator-below = 🔸 { $label }: { $percent }% ({ $count } из { $denominator }) / { $target }%
digest-indicator-unknown = ▫️ { $label }: { $why } / { $target }%
digest-indicator-no-denominator = { $count } чел., не задано «всего» (/indicators)
digest-indicator-no-count = не задано число (/indicators)
digest-indicator-no-answers = пока нет ответов
digest-indicator-mentees-10-18 = Наставляемые 10–18 лет
digest-indicator-mentors-15-18 = Наставники 15–18 лет
digest-indicator-young-teachers = Молодые педагоги (до 3 лет)
digest-indicator-partner-organisations = Организации-партнёры с наставниками
digest-indicator-mentee-satisfaction = Удовлетворённость наставляемых
digest-indicator-mentor-satisfaction = Удовлетворённость наставников
digest-tasks = 📌 Ваши задачи сейчас:
digest-task = • { $title } (до { $until })
digest-task-confirm-pairs = • Утвердить предложенные пары: { $count } (/pairs)
digest-next-stages = 🗺 Дальше по дорожной карте:
digest-stage = • { $day } — { $title } («{ $program }»)
digest-failed = ❗ Не удалось доставить сообщений за неделю: { $count }. Проверьте, не заблокирован ли бот у адресатов.

digest-button-chart = 📊 Диаграмма
digest-button-indicators = 🎯 Показатели и цели
digest-button-consents = ✍️ Кто без согласия
digest-button-forms = 📝 Кто без анкеты
digest-button-unmatched = 🧩 Кто без пары
digest-button-silent = 🔕 Пары без встреч

digest-detail-consents = Ждут согласия в «{ $organisation }» ({ $count }):
digest-detail-forms = Не заполнили анкету в «{ $organisation }» ({ $count }):
digest-detail-unmatched = Наставляемые без пары в «{ $organisation }» ({ $count }):
digest-detail-silent = Пары без встреч 21+ дней в «{ $organisation }» ({ $count }), по наставникам:

digest-municipal-title = 🏛 Сводка по муниципалитету · { $municipality }
digest-municipal-subtitle = { $day } · организаций: { $organisations }
digest-municipal-organisation = • { $organisation } (/digest { $id }): участников { $participants }, пар { $pairs }, встреч за неделю { $meetings }, пар без встреч { $silent }, без согласия { $consents }, без анкеты { $forms }
digest-municipal-indicators-row = 🎯 { $cells }
digest-municipal-indicators-legend = 🎯 Показатели { $year }, % достигнуто/цель, по порядку: { $labels }. «—» — не задано «всего» или ещё нет ответов. Сводка одной организации: /digest и её номер.

digest-chart-title = Показатели наставничества
digest-chart-subtitle = { $name } · { $year } учебный год · на { $day }
digest-chart-legend-value = Достигнуто (зелёный — цель выполнена)
digest-chart-legend-target = Цель на год
digest-chart-no-denominator = не задано «всего»
digest-chart-no-count = не задано число
digest-chart-weeks-title = Встречи по неделям (по дате встречи)
digest-chart-caption = 📊 Показатели и цели · { $name }

digest-not-allowed = Сводка — для кураторов организации и муниципальных координаторов. Участникам она не показывается.
digest-not-yours = Эта организация не относится к вам, поэтому сводку по ней показать нельзя.
digest-choose = Выберите, по какой организации или муниципалитету показать сводку:
digest-choose-municipality = 🏛 { $name } (весь муниципалитет)

## Показатели: знаменатели и цели

indicators-title = 🎯 Показатели и цели · { $organisation } · { $year }
indicators-line = { $number }. { $label }: всего { $denominator }, цель { $target }%{ $source }
indicators-line-count = { $number }. { $label }: с наставниками { $count } из { $denominator }, цель { $target }%{ $source }
indicators-line-survey = { $number }. { $label }: по ответам опроса, цель { $target }%{ $source }
indicators-not-set = не задано
indicators-default = { " " }(по умолчанию)
indicators-help =
    Чтобы задать числа, отправьте /indicators { $organisation } и номер пункта:
    • 1–3: /indicators { $organisation } 1 250 40 — всего 250, цель 40% (цель можно не писать);
    • 4: /indicators { $organisation } 4 12 3 30 — всего партнёров 12, из них дали наставников 3, цель 30%;
    • 5–6: /indicators { $organisation } 5 80 — цель 80%.
    Цели по умолчанию — из методических рекомендаций для { $yearOfModel }-го года работы модели.
indicators-saved = Сохранено.
indicators-bad-input = Не получилось разобрать числа. { $help }
indicators-button-defaults = Принять цели по умолчанию
indicators-defaults-saved = Цели по умолчанию сохранены для { $year }.

command-digest = Сводка за неделю и показатели
command-indicators = Показатели: всего и цели

## Командная строка

digest-cli-command = сводка за неделю: напечатать текст (--dry-run) или отправить кураторам организации (координаторам муниципалитета) сейчас
digest-cli-indicators-command = показатели организации за учебный год: число, «всего», процент, цель и цель по умолчанию
digest-cli-set-command = задать для организации и учебного года «всего» (знаменатель), число партнёров или цель показателя
digest-cli-help-organisation = id организации
digest-cli-help-municipality = id муниципалитета (сводка координаторам)
digest-cli-help-dry-run = только напечатать текст, ничего не отправлять
digest-cli-help-chart = записать диаграмму показателей (PNG) в этот файл
digest-cli-help-year = учебный год, например 2026/2027; по умолчанию текущий
digest-cli-help-key = показатель: mentees_10_18, mentors_15_18, young_teachers, partner_organisations, mentee_satisfaction, mentor_satisfaction
digest-cli-help-denominator = сколько всего (например, всех детей 10–18 лет в организации)
digest-cli-help-count = для partner_organisations: сколько партнёров дали наставников
digest-cli-help-target = цель на год, % (по умолчанию — из методических рекомендаций)
digest-cli-one-scope = укажите что-то одно: --organisation или --municipality
digest-cli-unknown-organisation = организации с id { $id } нет
digest-cli-unknown-municipality = муниципалитета с id { $id } нет
digest-cli-queued = Сводок поставлено в очередь: { $count } (уже отправленная на этой неделе не повторяется).
digest-cli-set-nothing = укажите --denominator, --count или --target
digest-cli-count-only-partners = --count задаётся только для partner_organisations
digest-cli-no-denominator-for-surveys = у удовлетворённости «всего» — это число ответивших, его не задают
digest-cli-indicators-title = { $organisation }, { $year } ({ $yearOfModel }-й год работы модели):
digest-cli-indicator = { $key } ({ $label }): { $count } из { $denominator } = { $percent }; цель { $target }% ({ $source }), по умолчанию { $seed }%
