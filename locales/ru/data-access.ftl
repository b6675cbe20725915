# Доступ к данным: выгрузки для кураторов и координаторов (/export, команда export),
# приглашения муниципальных координаторов и данные человека о себе (/mydata, 152-ФЗ ст. 14).

command-export = Выгрузить данные организации в таблицу
command-mydata = Какие мои данные хранятся

## Муниципальный координатор

access-coordinator-welcome = Вы — муниципальный координатор: { $municipality }. Выгрузки по организациям муниципалитета — /export.

## /export

access-export-refused = Выгрузки доступны кураторам организации и координатору её муниципалитета. Свои данные можно получить командой /mydata.
access-export-choose-organisation =
    { $count ->
        [one] Выберите организацию:
       *[other] Выберите организацию (всего { $count }):
    }
access-export-choose-subject = Что выгрузить по организации «{ $organisation }»?
access-export-choose-format = «{ $organisation }», { $subject }: в каком формате?
access-export-choose-format-year = «{ $organisation }», { $subject }, { $year } учебный год: в каком формате?
access-export-subject-participants = участники
access-export-subject-answers = ответы на анкеты
access-export-subject-pairs = пары
access-export-subject-meetings = встречи
access-export-subject-indicators = показатели
access-export-subject-all = всё в одном файле
access-export-subject-year = { $subject }, { $year } учебный год
access-export-format-xlsx = Excel (XLSX)
access-export-format-csv = CSV
access-export-only-year = Только { $year } учебный год
access-export-every-year = За все годы
access-export-back = ← Назад
access-export-previous = ← Назад
access-export-next = Дальше →
access-export-preparing = Выгрузка: «{ $organisation }», { $subject }.
access-export-caption =
    «{ $organisation }», { $subject }: { $rows ->
        [one] { $rows } строка
        [few] { $rows } строки
       *[other] { $rows } строк
    }. Файл содержит персональные данные: храните и передавайте его только для отчётности по программе.

## Листы и столбцы выгрузки

access-export-file-name = { $organisation }, { $part }, { $date }
access-export-title = { $organisation }: { $sheet }
access-export-subtitle = Выгрузка на { $date }
access-export-subtitle-year = Выгрузка на { $date }, { $year } учебный год
access-export-sheet-participants = Участники
access-export-sheet-answers = Ответы
access-export-sheet-pairs = Пары
access-export-sheet-meetings = Встречи
access-export-sheet-indicators = Показатели
access-export-no-answers = Ответов на анкеты пока нет
access-export-column-number = №
access-export-column-name = ФИО
access-export-column-program = Программа
access-export-column-year = Учебный год
access-export-column-side = Роль
access-export-column-category = Категория
access-export-column-status = Статус
access-export-column-joined = Дата включения
access-export-column-minor = Несовершеннолетний
access-export-column-consent = Согласие на обработку ПДн
access-export-column-submitted = Дата ответа
access-export-column-subject = О чём анкета
access-export-column-mentor = Наставник
access-export-column-mentees = Наставляемые
access-export-column-mentee-count = Число наставляемых
access-export-column-form = Форма наставничества
access-export-column-pair-status = Статус пары
access-export-column-proposed = Предложена
access-export-column-confirmed = Утверждена
access-export-column-finished = Завершена
access-export-column-ended-reason = Причина завершения
access-export-column-meeting-count = Встреч проведено
access-export-column-last-meeting = Последняя встреча
access-export-column-held-on = Дата встречи
access-export-column-quarter = Квартал
access-export-column-meeting-type = Тип встречи
access-export-column-meeting-format = Формат
access-export-column-length = Длительность, мин
access-export-column-topics = Темы
access-export-column-confirmed-count = Подтвердили наставляемые
access-export-column-usefulness = Польза (среднее, 1-5)
access-export-column-indicator = Показатель
access-export-column-count = Значение
access-export-column-denominator = Из общего числа
access-export-column-percent = Доля, %
access-export-column-target = Цель, %
access-export-column-target-source = Цель задана
access-export-column-met = Достигнута
access-export-yes = да
access-export-no = нет
access-export-side =
    { $side ->
        [mentor] наставник
       *[other] наставляемый
    }
access-export-status =
    { $status ->
        [active] участвует
        [pending_consent] ждёт согласия
        [left] выбыл
       *[other] { $status }
    }
access-export-pair-status =
    { $status ->
        [proposed] предложена
        [confirmed] утверждена
        [finished] завершена
        [cancelled] отменена
       *[other] { $status }
    }
access-export-ended-reason =
    { $reason ->
        [completed] программа пройдена
        [mismatch] не сложилось
        [left] участник выбыл
       *[other] другое
    }
access-export-quarter = { $quarter } кв. { $year }
access-export-meeting-type =
    { $type ->
        [first] знакомство
        [trial] пробная
        [planning] планирование
        [regular] рабочая
        [final] заключительная
       *[other] { $type }
    }
access-export-meeting-format =
    { $format ->
        [in_person] очно
        [online] онлайн
       *[other] { $format }
    }
access-export-indicator =
    { $indicator ->
        [mentees_10_18] Доля обучающихся 10-18 лет, вовлечённых в наставничество в роли наставляемого
        [mentors_15_18] Доля обучающихся 15-18 лет, вовлечённых в наставничество в роли наставника
        [young_teachers] Доля молодых педагогов (стаж 0-3 года), вовлечённых в наставничество в роли наставляемого
        [partner_organisations] Доля предприятий и организаций-партнёров, предоставивших наставников
        [mentee_satisfaction] Удовлетворённость наставляемых участием в программе
        [mentor_satisfaction] Удовлетворённость наставников участием в программе
       *[other] { $indicator }
    }
access-export-target-source =
    { $source ->
        [entered] организацией
       *[other] по умолчанию (целевая модель)
    }

## /mydata

access-mydata-none = нет
access-mydata-account = { $channel ->
        [telegram] Telegram
        [vk] ВКонтакте
        [max] MAX
       *[other] консоль
    } (id { $id })
access-mydata-consent = { $kind ->
        [parental] согласие законного представителя
       *[other] согласие на обработку персональных данных
    }, версия текста { $version }, от { $date }
access-mydata-program = «{ $program }» ({ $side ->
        [mentor] наставник
       *[other] наставляемый
    }, { $status ->
        [active] участвует
        [pending_consent] ждёт согласия
       *[other] выбыл
    })
access-mydata-summary =
    Что сервис хранит о вас:
    • имя: { $name }
    • аккаунты: { $accounts }
    • согласия: { $consents }
    • программы: { $programs }
    • анкеты: { $forms } (ответов: { $answers })
    • пары: { $pairs }, встречи: { $meetings }
    • сообщения от бота: { $messages }
    Всё целиком, с датами и ответами, — в файле ниже. Удалить свои данные: /forget.
access-mydata-caption = Ваши данные в сервисе (JSON: открывается любым текстовым редактором).
access-mydata-file-name = Мои данные, { $date }
access-mydata-consent-kind =
    { $kind ->
        [parental] согласие законного представителя
       *[other] согласие на обработку персональных данных
    }
access-mydata-given-by =
    { $by ->
        [self] вами
        [parent] законным представителем
       *[other] куратором по бумажному согласию
    }
access-mydata-role =
    { $role ->
        [curator] куратор
        [coordinator] муниципальный координатор
       *[other] администратор
    }
access-mydata-form-status =
    { $status ->
        [submitted] отправлена
        [in_progress] заполняется
       *[other] брошена
    }

## Командная строка: export, add-coordinator

cli-command-export = выгрузить данные организации (участники, ответы, пары, встречи, показатели) в XLSX или CSV для отчётов
cli-help-export-organisation = id организации
cli-help-export-what = что выгрузить: participants, answers, pairs, meetings, indicators или all (по умолчанию all)
cli-help-export-format = формат: xlsx (по умолчанию, все листы в одном файле) или csv (по файлу на лист)
cli-help-export-out = папка, куда записать файлы; по умолчанию текущая
cli-help-export-year = учебный год, например 2026/2027: только его программы и его показатели
cli-export-written =
    Записано { $files ->
        [one] { $files } файл
        [few] { $files } файла
       *[other] { $files } файлов
    } по организации «{ $organisation }» ({ $rows ->
        [one] { $rows } строка
        [few] { $rows } строки
       *[other] { $rows } строк
    }); выгрузка записана в журнал доступа:
cli-export-file = { $path }
export-error-unknown-organisation = организации с id { $id } нет
cli-command-add-coordinator = создать одноразовое приглашение муниципального координатора (код и ссылки)
cli-help-add-coordinator-municipality = id муниципалитета
cli-help-add-coordinator-expires-days = сколько дней действует приглашение (по умолчанию 7)
cli-coordinator-invite-created = Приглашение координатора муниципалитета «{ $municipality }» (id { $id }):
invite-error-unknown-municipality = муниципалитета с id { $id } нет

## Командная строка: audit-log

cli-command-audit-log = показать журнал доступа: кто и когда выгружал данные организаций и запрашивал свои (сначала новые)
cli-help-audit-log-organisation = только выгрузки этой организации (id)
cli-help-audit-log-limit = сколько записей показать (по умолчанию 50)
cli-audit-log-empty = Журнал доступа пуст: данные ещё никто не выгружал.
cli-audit-log-row = { $at } · { $role ->
        [curator] куратор
        [coordinator] координатор
        [admin] администратор
       *[other] участник
    } { $who } · { $channel } · { $action ->
        [export] выгрузка: { $subject }
       *[other] свои данные (/mydata)
    } ({ $format }) · { $organisation }
cli-audit-log-rows = · { $rows ->
        [one] { $rows } строка
        [few] { $rows } строки
       *[other] { $rows } строк
    }
