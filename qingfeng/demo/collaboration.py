"""Demo 片区协作 and 联动联办: the demo area leader's standing team, last month's and this month's
meetings with follow-ups, two problems, last quarter's issued review; a joint meeting; the
departments' returns of last month — 民政 a list (of a transfer made through the platform), 财政 a
nil return, the others missing. Everything through the real actions (audited). Idempotent:
skipped when any area team exists.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from qingfeng.accounts.actions import do_create_user
from qingfeng.accounts.models import Role, User
from qingfeng.clues.actions import do_create_clue
from qingfeng.collaboration import actions, candidates, periods
from qingfeng.collaboration.models import Meeting, TeamMember
from qingfeng.core.months import add_months, month_end, month_of, quarter_of
from qingfeng.demo.loader import DEMO_PASSWORD
from qingfeng.places.models import Department, Jurisdiction

TEAM = (("pianzhang", "leader", "统筹调度片区监督检查"), ("banan", "member", "线索核查、案件审理指导"),
        ("xiangzhen", "member", "本乡镇问题线索办理"), ("xinfang", "liaison", "线索受理、交办和台账"))
NIL_LIAISON = ("caizheng", "财政局联络员 周敏", "cz")


def load_collaboration(progress=print) -> int:
    leader = User.objects.filter(username="pianzhang").first()
    if leader is None or TeamMember.objects.exists():
        return 0
    area = leader.jurisdiction
    today = timezone.localdate()
    for username, role, duty in TEAM:
        user = User.objects.filter(username=username).first()
        if user is not None:
            actions.do_add_team_member(area, acting_user=leader, user=user, team_role=role, duty=duty)
    township = User.objects.get(username="xiangzhen")
    meetings = _meetings(leader, area, township, today)
    _problems(leader, area, township, meetings[0], today)
    _review(leader, area, today)
    _joint_meeting(today)
    _returns(today)
    progress(f"片区协作：{area.name} 工作专班 {TeamMember.objects.count()} 人，例会 {len(meetings)} 次；部门月度清单")
    return len(meetings)


def _meetings(leader, area, township, today) -> list[Meeting]:
    pool = list(candidates.meeting_clue_pool(leader, Meeting.Kind.AREA, area).order_by("received_on")[:3])
    last_month = add_months(month_of(today), -1).replace(day=12)
    this_month = min(today, month_of(today).replace(day=5))
    plans = (
        (last_month, "片区月例会（上月）", pool[:2], "研究片区内低保、危房改造领域问题线索办理进度；交流乡镇纪委初核经验。",
         "对超期未办结线索逐件明确责任人和完成时限；下月例会通报进展。"),
        (this_month, "片区月例会（本月）", pool[2:], "通报上月跟进事项完成情况；部署产业奖补资金专项检查。",
         "各乡镇纪委本月底前完成产业奖补资金发放情况自查。"),
    )
    made = []
    for held_on, title, clues, discussion, decisions in plans:
        made.append(actions.do_record_meeting(
            acting_user=leader, kind=Meeting.Kind.AREA, area=area, held_on=held_on, title=title,
            place="县纪委监委三楼会议室", attendees="片长 王建军\n审查调查室 李明\n乡镇纪委书记、专职副书记",
            absentees="", discussion=discussion, decisions=decisions, clue_nos=[c.clue_no for c in clues],
            today=today))
    done = actions.do_add_follow_up(made[0].id, acting_user=leader, task="超期线索逐件明确责任人",
                                    owner=township, due_on=last_month + timedelta(days=10))
    actions.do_set_follow_up_done(done.id, acting_user=township, expected_version=done.version,
                                  note="已逐件明确，报片区备案", today=last_month + timedelta(days=8))
    actions.do_add_follow_up(made[1].id, acting_user=leader, task="完成产业奖补资金发放自查",
                             owner=township, due_on=month_end(today))
    return made


def _problems(leader, area, township, meeting, today) -> None:
    actions.do_add_problem(area, acting_user=leader, title="乡镇纪委新手多，初核笔录不规范",
                           description="片区内两名新任专职人员初核谈话笔录要素不全。", owner=leader,
                           due_on=today + timedelta(days=30), meeting=meeting)
    solved = actions.do_add_problem(area, acting_user=leader, title="村级财务凭证调阅难",
                                    description="个别村以会计外出为由拖延提供凭证。", owner=township,
                                    due_on=today - timedelta(days=5), meeting=meeting)
    actions.do_update_problem(solved.id, acting_user=township, expected_version=solved.version,
                              status="resolved", resolution="乡镇经管站统一保管凭证，片区协调调阅。", today=today)


def _review(leader, area, today) -> None:
    year, quarter = quarter_of(add_months(month_of(today), -3))
    review = actions.do_start_review(area, acting_user=leader, year=year, quarter=quarter, today=today)
    comments = {row.township_id: ("超期件较多，须限期清零。" if row.overdue_open else "办理及时，继续保持。")
                for row in review.rows.all()}
    actions.do_issue_review(review.id, acting_user=leader, expected_version=review.version,
                            overall_comment="本季度片区线索受理、办结总体平稳；超期未办结线索须在下季度清零。",
                            comments=comments, today=today)


def _joint_meeting(today) -> None:
    recorder = User.objects.filter(username="xinfang").first()
    if recorder is None:
        return
    actions.do_record_meeting(
        acting_user=recorder, kind=Meeting.Kind.JOINT, held_on=today - timedelta(days=20),
        title="扶贫领域职能部门联席会议", place="县纪委监委会议室",
        attendees="县纪委监委\n县法院\n县检察院\n县巡察办\n县审计局\n县公安局\n县民政局\n县财政局\n县扶贫办\n"
                  "县住建局\n县林业局\n县人社局\n县农业农村局\n县发改局\n县水利局\n县教育局\n县卫健局\n县医保局",
        discussion="通报各行业部门移送问题线索办理情况；部署每月20日移送清单报送。",
        decisions="各成员单位每月20日前报送上月移送清单，无移送的报零报告。", today=today)


def _returns(today) -> None:
    month = periods.return_month_due(today)
    liaison = User.objects.filter(username="minzheng").first()
    if liaison is not None:
        do_create_clue(acting_user=liaison, received_on=month.replace(day=16), source="",
                       township=Jurisdiction.objects.filter(level=Jurisdiction.Level.TOWNSHIP).order_by("code").first(),
                       category="虚报冒领", summary="低保年审发现 2 户家庭收入超标仍在享受低保（民政局移送）")
        due = periods.return_due(month)
        on_time = timezone.make_aware(datetime.combine(due - timedelta(days=2), time(10)))
        actions.do_submit_return(acting_user=liaison, month=month, kind="list", confirmed=True,
                                 now=min(on_time, timezone.now()))
    username, full_name, department = NIL_LIAISON
    nil = User.objects.filter(username=username).first() or do_create_user(
        acting_user=None, username=username, password=DEMO_PASSWORD, role=Role.DEPARTMENT,
        jurisdiction=Jurisdiction.objects.get(level=Jurisdiction.Level.COUNTY), full_name=full_name,
        department=Department.objects.get(code=department))
    actions.do_submit_return(acting_user=nil, month=month, kind="nil", confirmed=True, note="本月无移送问题线索")
