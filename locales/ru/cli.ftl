# Командная строка оператора (npm run cli -- <команда>).
# Названия команд и параметров (--name) не переводятся: их набирают как есть.

## Справка

cli-help-title = Наставник: командная строка оператора
cli-help-usage = Запуск: npm run cli -- <команда> [параметры]  (после сборки: nastavnik <команда> [параметры])
cli-help-commands = Команды:
cli-help-common-options = Параметры любой команды:
cli-help-option-json = вывести результат одним JSON-объектом (для скриптов)
cli-help-option-help = показать справку по команде
cli-help-more = Справка по команде: npm run cli -- <команда> --help. База данных: DATABASE_URL, а без неё встроенная PGlite в папке DATA_DIR (по умолчанию ./data); миграции применяются перед каждой командой.
cli-help-command-usage = Запуск: npm run cli -- { $command } [параметры]
cli-help-options = Параметры:
cli-help-required = (обязательный)

cli-command-migrate = применить миграции схемы базы данных и показать, какие применены
cli-command-add-municipality = добавить муниципалитет
cli-command-add-organisation = добавить образовательную организацию с её часовым поясом
cli-command-add-curator = создать одноразовое приглашение куратора организации (код и ссылки)
cli-command-create-program = создать программу наставничества в организации
cli-command-create-invites = создать приглашения участников программы (коды и ссылки)
cli-command-seed-demo = создать демонстрационную организацию с участниками, анкетами, парами и встречами

cli-help-add-municipality-name = название муниципалитета (уникальное)
cli-help-add-municipality-region = регион, например «Иркутская область»
cli-help-add-organisation-name = название организации
cli-help-add-organisation-kind = тип: школа (school), колледж (college), дополнительное образование (additional_education), другое (other)
cli-help-add-organisation-timezone = часовой пояс IANA, например Europe/Moscow; по умолчанию DEFAULT_TIMEZONE
cli-help-add-organisation-municipality = id муниципалитета (из add-municipality)
cli-help-add-organisation-legal-name = полное наименование организации, как в уставе; его называет согласие на обработку персональных данных
cli-help-add-organisation-address = адрес организации для согласия на обработку персональных данных
cli-help-add-curator-organisation = id организации
cli-help-add-curator-expires-days = сколько дней действует приглашение (по умолчанию 7)
cli-help-create-program-organisation = id организации
cli-help-create-program-name = название программы
cli-help-create-program-form = форма наставничества (наставник_наставляемый)
cli-help-create-program-role-variant = ролевая модель, код вроде successful_struggling или peer_peer
cli-help-create-program-year = учебный год; по умолчанию текущий по часам организации (с 1 сентября — новый)
cli-help-create-program-starts = дата начала
cli-help-create-program-ends = дата окончания (не раньше даты начала)
cli-help-create-program-status = статус: draft (черновик) или active (идёт набор и работа); по умолчанию active
cli-help-create-invites-program = id программы
cli-help-create-invites-side = кого приглашаем: наставников (mentor) или наставляемых (mentee)
cli-help-create-invites-category = категория участников; по умолчанию следует из формы наставничества
cli-help-create-invites-count = сколько кодов создать (по умолчанию 1)
cli-help-create-invites-uses = сколько человек может войти по каждому коду (по умолчанию 1; например 30 — одна ссылка на весь класс)
cli-help-create-invites-expires-days = сколько дней действуют приглашения (по умолчанию 30)
cli-help-seed-demo-participants = сколько участников создать (по умолчанию 60; каждый четвёртый — наставник)
cli-help-seed-demo-seed = число для генератора: с тем же числом получаются те же данные (по умолчанию 1)

## Ошибки во входных данных

cli-error = Ошибка: { $problem }
cli-error-option = Ошибка в { $option }: { $problem }
cli-hint-command-help = Справка: npm run cli -- { $command } --help
cli-hint-help = Список команд: npm run cli -- --help
cli-error-unexpected = Команда не выполнена из-за внутренней ошибки; в базе ничего не изменено. Подробности ниже.
cli-error-data-dir-locked = Встроенная база в DATA_DIR ({ $dataDir }) занята другим процессом (pid { $pid } на { $host }), обычно это запущенный сервис; ничего не изменено. Этой папкой может пользоваться только один процесс: остановите сервис и повторите команду или укажите в DATABASE_URL сервер PostgreSQL, с которым могут работать и сервис, и командная строка.
cli-error-unknown-command =
    неизвестная команда «{ $command }»{ $suggestion ->
        [none] {""}
       *[other] ; может быть, вы имели в виду «{ $suggestion }»?
    }
cli-error-unknown-option = у команды { $command } нет такого параметра
cli-error-flag-value = это флаг, у него не бывает значения («{ $value }»)
cli-error-missing-value = после имени параметра нужно значение
cli-error-repeated-option = параметр указан дважды
cli-error-unexpected-argument = лишний аргумент «{ $value }»: значение пишется после имени параметра, например --name "Школа № 1"
cli-error-required = обязательный параметр не указан
cli-error-invalid = недопустимое значение «{ $value }»
cli-error-empty = значение не может быть пустым
cli-error-too-long = слишком длинно: не больше { $max } символов
cli-error-id = нужен id — целое положительное число, а не «{ $value }»
cli-error-integer = нужно целое число от { $min } до { $max }, а не «{ $value }»
cli-error-choice = «{ $value }» не подходит; можно: { $allowed }
cli-error-date = нужна существующая дата в виде ГГГГ-ММ-ДД, а не «{ $value }»
cli-error-time-zone = «{ $value }» — не часовой пояс IANA; например, Europe/Moscow или Asia/Yekaterinburg
cli-error-academic-year = учебный год пишется как 2026/2027 (второй год на единицу больше первого), а не «{ $value }»
cli-error-code = нужен код из строчных латинских букв, цифр, _ и - (до { $max } символов, начинается с буквы), а не «{ $value }»

organisation-error-municipality-name-taken = муниципалитет с таким названием уже есть (id { $id })
organisation-error-time-zone = «{ $value }» — не часовой пояс IANA; например, Europe/Moscow
organisation-error-unknown-municipality = муниципалитета с id { $id } нет
program-error-form = «{ $value }» — не форма наставничества
program-error-academic-year = учебный год пишется как 2026/2027, а не «{ $value }»
program-error-date = нужна существующая дата в виде ГГГГ-ММ-ДД, а не «{ $value }»
program-error-ends-before-starts = дата окончания { $ends } раньше даты начала { $starts }
program-error-unknown-organisation = организации с id { $id } нет
invite-error-range = нужно число от { $min } до { $max }, а не { $value }
invite-error-unknown-organisation = организации с id { $id } нет
invite-error-unknown-program = программы с id { $id } нет
invite-error-program-closed =
    программа { $id } { $status ->
        [finished] завершена
       *[other] в архиве
    }: новых участников в неё не приглашают

## Результаты

cli-migrate-up-to-date = Схема базы данных актуальна: новых миграций нет.
cli-migrate-applied-count =
    { $count ->
        [one] Применена { $count } миграция:
        [few] Применены { $count } миграции:
       *[other] Применено { $count } миграций:
    }
cli-municipality-created = Муниципалитет создан: id { $id }, «{ $name }».
cli-municipality-region = Регион: { $region }.
cli-organisation-created = Организация создана: id { $id }, «{ $name }» (тип: { $kind ->
        [school] школа
        [college] колледж
        [additional_education] дополнительное образование
        [other] другое
       *[unknown] { $kind }
    }, часовой пояс { $timeZone }).
cli-organisation-municipality = Муниципалитет: id { $id }.
cli-organisation-legal-name = Полное наименование: { $legalName }.
cli-organisation-address = Адрес: { $address }.
cli-curator-invite-created = Приглашение куратора организации «{ $organisation }» (id { $id }). Кто откроет ссылку первым, станет куратором; код одноразовый.
cli-invite-code =
    Код { $code }: { $uses ->
        [one] для { $uses } человека
       *[other] для { $uses } человек
    }, действует до { $expires } ({ $timeZone })
cli-invite-link-telegram = Telegram: { $link }
cli-invite-link-vk = ВКонтакте: { $link }
cli-invite-link-max = MAX: { $link }
cli-invite-links-not-configured = Ссылок нет, потому что бот не указан: задайте TELEGRAM_BOT_USERNAME (ссылки Telegram), VK_GROUP_ID (ссылки ВКонтакте) или MAX_BOT_USERNAME (ссылки MAX). Пока код можно отправить боту сообщением после /start.
cli-program-created = Программа создана: id { $id }, «{ $name }» в организации «{ $organisation }» (id { $organisationId }).
cli-program-details =
    Форма «{ $form ->
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
    }» ({ $form }), учебный год { $year }, статус: { $status ->
        [draft] черновик
        [active] идёт
        [finished] завершена
        [archived] в архиве
       *[other] { $status }
    }.
cli-program-role-variant = Ролевая модель: { $variant }.
cli-program-dates =
    Сроки: с { $starts ->
        [none] (не задано)
       *[other] { $starts }
    } по { $ends ->
        [none] (не задано)
       *[other] { $ends }
    }.
cli-program-next-step = Приглашения участников: npm run cli -- create-invites --program { $id } --side mentee
cli-invites-created =
    { $count ->
        [one] Создано { $count } приглашение
        [few] Создано { $count } приглашения
       *[other] Создано { $count } приглашений
    } в программу «{ $program }» (id { $id }): { $side ->
        [mentor] наставники
       *[other] наставляемые
    }{ $category ->
        [none] {""}
       *[other] , категория: { $category ->
            [pupil] ученики
            [student] студенты
            [teacher] педагоги
            [young_specialist] молодые специалисты
            [employer] работодатели
            [parent] родители
           *[other] { $category }
        }
    }.
cli-demo-exists =
    Демонстрационные данные уже есть: организация id { $organisation }, программа id { $program ->
        [none] (нет)
       *[other] { $program }
    }, консольный куратор — человек id { $person }. Ничего не изменено.
cli-demo-options-ignored = { $options } не применено: демонстрационные данные создаются один раз. Чтобы создать их заново с другими параметрами, запустите seed-demo с пустой папкой данных (DATA_DIR).
cli-demo-created = Демонстрационные данные созданы: организация id { $organisation }, программа id { $program }, муниципалитет id { $municipality }.
cli-demo-participants = Участников: { $count } (наставников { $mentors }, наставляемых { $mentees }; ждут согласия родителей: { $pending }).
cli-demo-forms = Анкет: заполнено { $submitted }, начато { $inProgress }; ответов { $answers }.
cli-demo-pairs = Пар: { $pairs } (подтверждено { $confirmed }, наставляемых в парах { $mentees }); встреч: { $meetings }.
cli-demo-console-person = Консольный вход (channel console, external_id «{ $externalId }»): куратор, человек id { $person }.
cli-demo-mentee-invite = Приглашение наставляемых:
cli-demo-mentor-invite = Приглашение наставников:

## Демонстрационные данные (названия и ответы на языке оператора)

cli-demo-municipality = Демонстрационный муниципальный округ
cli-demo-region = Демонстрационная область
cli-demo-organisation = Демонстрационная школа № 1
cli-demo-program = Наставничество «учитель — ученик»
cli-demo-group-meeting = Групповая встреча наставников и наставляемых
cli-demo-curator-name = Куратор (демо)
cli-demo-first-names = Анна, Мария, Дарья, Полина, Софья, Виктория, Алиса, Ксения, Елизавета, Вероника, Иван, Артём, Максим, Михаил, Даниил, Кирилл, Егор, Никита, Тимофей, Матвей, Алексей, Сергей, Ольга, Наталья, Елена, Татьяна
cli-demo-last-initials = А, Б, В, Г, Д, Е, Ж, З, И, К, Л, М, Н, О, П, Р, С, Т, У, Ф, Х, Ч, Ш, Щ, Ю, Я
cli-demo-person-name = { $first } { $initial }.
cli-demo-answer-1 = Хочу увереннее решать задачи по математике и подготовиться к олимпиаде.
cli-demo-answer-2 = Интересуюсь программированием и робототехникой, хотелось бы сделать свой проект.
cli-demo-answer-3 = Трудно планировать время: много кружков и домашних заданий.
cli-demo-answer-4 = Хочу научиться выступать перед классом и не волноваться.
cli-demo-answer-5 = Могу помочь с подготовкой к экзаменам и с исследовательскими проектами.
cli-demo-answer-6 = Встречи удобнее после уроков, во вторник или четверг.
cli-demo-answer-7 = Больше практики и разборов реальных примеров.
cli-demo-answer-8 = Было полезно, хочу продолжить в следующем году.
cli-demo-topic-1 = Знакомство, цели на полугодие
cli-demo-topic-2 = Разбор сложных задач
cli-demo-topic-3 = План проекта и сроки
cli-demo-topic-4 = Подготовка к выступлению
cli-demo-topic-5 = Тайм-менеджмент
cli-demo-topic-6 = Итоги месяца и следующий шаг
