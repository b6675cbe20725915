# Texts several forms share: format, days, times, units, scale ends

form-common-format-in-person = In person
form-common-format-online = Online
form-common-format-mixed = Either way

form-common-group-or-individual-individual = One to one
form-common-group-or-individual-group = In a small group
form-common-group-or-individual-any = No preference

form-common-day-mon = Mon
form-common-day-tue = Tue
form-common-day-wed = Wed
form-common-day-thu = Thu
form-common-day-fri = Fri
form-common-day-sat = Sat
form-common-day-sun = Sun

form-common-time-morning = Mornings
form-common-time-afternoon = Afternoons
form-common-time-evening = Evenings

form-common-unit-years =
    { $value ->
        [one] year
       *[other] years
    }
form-common-unit-minutes = min
form-common-unit-people =
    { $value ->
        [one] person
       *[other] people
    }

form-common-scale-not-at-all = Not at all
form-common-scale-fully = Completely
