from django import forms
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import CalendarDay
from qingfeng.inbox.calendar.actions import FIRST_YEAR, LAST_YEAR
from qingfeng.inbox.calendar.reading import NAME_MAX
from qingfeng.web.widgets import date_input


class LoadYearForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    note = forms.CharField(label=_("依据（如国务院办公厅通知文号）"), max_length=200, required=False)
    file = forms.FileField(label=_("节假日安排表（CSV 或 Excel：日期、类型、名称）"))


class DayForm(forms.Form):
    day = forms.DateField(label=_("日期"), widget=date_input())
    kind = forms.ChoiceField(label=_("类型"), choices=CalendarDay.KINDS)
    name = forms.CharField(label=_("名称"), max_length=NAME_MAX, required=False)


class RemoveDayForm(forms.Form):
    day = forms.DateField(label=_("日期"))
