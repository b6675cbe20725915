# Тексты, общие для нескольких анкет: формат, дни, время, единицы, концы шкал

form-common-format-in-person = Вживую
form-common-format-online = Онлайн
form-common-format-mixed = И так, и так

form-common-group-or-individual-individual = Один на один
form-common-group-or-individual-group = В небольшой группе
form-common-group-or-individual-any = Без разницы

form-common-day-mon = Пн
form-common-day-tue = Вт
form-common-day-wed = Ср
form-common-day-thu = Чт
form-common-day-fri = Пт
form-common-day-sat = Сб
form-common-day-sun = Вс

form-common-time-morning = Утром
form-common-time-afternoon = Днём
form-common-time-evening = Вечером

form-common-unit-years =
    { $value ->
        [one] год
        [few] года
        [many] лет
       *[other] года
    }
form-common-unit-minutes = мин
form-common-unit-people = чел.

form-common-scale-not-at-all = Совсем нет
form-common-scale-fully = Полностью
