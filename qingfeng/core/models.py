from django.db import models
from django.utils.translation import gettext_lazy as _


class Counter(models.Model):
    """A named sequence (e.g. clue numbers of one year), advanced under a row lock."""

    key = models.CharField(max_length=60, unique=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class CalendarYear(models.Model):
    """A year whose official holiday schedule (节假日安排) the county has loaded.

    For such a year the county's days (CalendarDay) are the whole schedule: the
    `chinese_calendar` package is not consulted, and every day not listed is a
    working day from Monday to Friday (qingfeng.core.workdays).
    """

    year = models.PositiveSmallIntegerField(unique=True)
    note = models.CharField(max_length=200, blank=True)  # e.g. the State Council notice's number
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """One day of the county's working-day calendar: a public holiday, or a make-up working day (调休上班).

    A day listed here wins over the package in any year; see CalendarYear for a loaded year.
    """

    HOLIDAY, WORKDAY = "holiday", "workday"
    KINDS = ((HOLIDAY, _("节假日")), (WORKDAY, _("调休上班")))

    day = models.DateField(unique=True)
    kind = models.CharField(max_length=10, choices=KINDS)
    name = models.CharField(max_length=40, blank=True)  # 春节, 国庆节 …

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.kind}"

    @property
    def is_workday(self) -> bool:
        return self.kind == self.WORKDAY
