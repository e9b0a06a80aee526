"""Forms of the area work and the departments' returns; each turns into keyword arguments of an action.

Area meetings and joint meetings share `MeetingForm`."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.collaboration import candidates
from qingfeng.collaboration.models import (
    TITLE_MAX,
    Meeting,
    MonthlyReturn,
    Problem,
    TeamRole,
)
from qingfeng.web.widgets import date_input


def _text(label, rows=3, max_length=4000, required=False):
    return forms.CharField(label=label, max_length=max_length, required=required,
                           widget=forms.Textarea(attrs={"rows": rows}))


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("成员"), queryset=None)
    team_role = forms.ChoiceField(label=_("专班职务"), choices=TeamRole.choices, initial=TeamRole.MEMBER)
    duty = forms.CharField(label=_("分工"), max_length=TITLE_MAX, required=False)

    def __init__(self, area, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates.team_candidates(area).exclude(area_teams__area=area)
        self.fields["user"].label_from_instance = lambda u: f"{u} （{u.jurisdiction.name} · {u.get_role_display()}）"


class TeamChangeForm(VersionForm):
    team_role = forms.ChoiceField(label=_("专班职务"), choices=TeamRole.choices)
    duty = forms.CharField(label=_("分工"), max_length=TITLE_MAX, required=False)


class MeetingForm(VersionForm):
    """A new meeting has no version yet; editing one requires the version seen (`editing=True`)."""

    held_on = forms.DateField(label=_("召开日期"), widget=date_input())
    title = forms.CharField(label=_("会议名称"), max_length=TITLE_MAX)
    place = forms.CharField(label=_("地点"), max_length=TITLE_MAX, required=False)
    attendees = _text(_("出席人员（单位），每行一个"), 4, required=True)
    absentees = _text(_("缺席人员及原因"), 2)
    clue_nos = _text(_("研究的问题线索（线索编号，每行一个或用逗号分隔）"), 2, max_length=20000)
    discussion = _text(_("研究事项"), 4)
    decisions = _text(_("会议决定"), 4)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        self.fields["version"].required = editing

    def payload(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data["clue_nos"] = candidates.split_numbers(data["clue_nos"])
        return data

    @classmethod
    def initial_of(cls, meeting: Meeting, user) -> tuple[dict, int]:
        """The form's initial values for `user` editing `meeting`, and how many of its clues are
        hidden from them (those stay attached; the form lists only the ones the editor may see)."""
        shown, hidden = candidates.attached_clues(user, meeting)
        return {"version": meeting.version, "held_on": meeting.held_on, "title": meeting.title, "place": meeting.place,
                "attendees": meeting.attendees, "absentees": meeting.absentees, "discussion": meeting.discussion,
                "decisions": meeting.decisions, "clue_nos": "\n".join(c.clue_no for c in shown)}, len(hidden)


class FollowUpForm(forms.Form):
    task = forms.CharField(label=_("跟进事项"), max_length=TITLE_MAX)
    owner = forms.ModelChoiceField(label=_("责任人"), queryset=None)
    due_on = forms.DateField(label=_("完成时限"), widget=date_input())

    def __init__(self, meeting: Meeting, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = candidates.owner_candidates(meeting.kind, meeting.area)


class FollowUpDoneForm(VersionForm):
    done = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1",
                                  widget=forms.HiddenInput)
    note = forms.CharField(label=_("完成情况"), max_length=1000, required=False)


class ProblemForm(forms.Form):
    title = forms.CharField(label=_("问题"), max_length=TITLE_MAX)
    description = _text(_("具体情况"), 3)
    owner = forms.ModelChoiceField(label=_("责任人"), queryset=None)
    due_on = forms.DateField(label=_("解决时限"), widget=date_input())
    meeting = forms.ModelChoiceField(label=_("提出的例会（可不选）"), queryset=None, required=False, empty_label="—")

    def __init__(self, area, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = candidates.owner_candidates(Meeting.Kind.AREA, area)
        self.fields["meeting"].queryset = Meeting.objects.filter(kind=Meeting.Kind.AREA, area=area)
        self.fields["meeting"].label_from_instance = lambda m: f"{m.held_on:%Y-%m-%d} {m.title}"


class ProblemUpdateForm(VersionForm):
    status = forms.ChoiceField(label=_("状态"), choices=Problem.Status.choices)
    resolution = _text(_("解决情况"), 3)
    owner = forms.ModelChoiceField(label=_("责任人"), queryset=None, required=False)
    due_on = forms.DateField(label=_("解决时限"), widget=date_input(), required=False)

    def __init__(self, problem: Problem, may_reassign: bool, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if may_reassign:
            self.fields["owner"].queryset = candidates.owner_candidates(Meeting.Kind.AREA, problem.area)
        else:
            del self.fields["owner"], self.fields["due_on"]


class ReviewStartForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("季度"), coerce=int, choices=[(q, q) for q in (1, 2, 3, 4)])


class ReviewForm(VersionForm):
    overall_comment = _text(_("总体讲评"), 4)

    def __init__(self, rows, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"comment_{row.township.code}"] = _text(row.township.name, 2, max_length=2000)

    def comments(self) -> dict[int, str]:
        return {row.township_id: self.cleaned_data.get(f"comment_{row.township.code}", "") for row in self.rows}

    def bound_rows(self):
        return [(row, self[f"comment_{row.township.code}"]) for row in self.rows]


class ReturnForm(VersionForm):
    month = forms.CharField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=MonthlyReturn.Kind.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)  # none before the first submission
    confirmed = forms.BooleanField(label=_("我已核对，确认以上报送内容属实"), required=False)
    note = _text(_("说明（可不填）"), 2, max_length=1000)
