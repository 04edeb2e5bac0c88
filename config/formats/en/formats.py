# English interface, Vietnamese data: dates are still written and typed dd/mm/yyyy (the forms'
# placeholders, the printed documents and the Excel files all use it), so the English interface
# accepts and shows the same formats as the Vietnamese one.
from config.formats.vi.formats import (  # noqa: F401
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    DATETIME_FORMAT,
    DATETIME_INPUT_FORMATS,
    MONTH_DAY_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
    YEAR_MONTH_FORMAT,
)

FIRST_DAY_OF_WEEK = 1
