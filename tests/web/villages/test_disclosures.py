"""Publishing and correcting disclosures: only the village's own committee members, audited."""

from qingfeng.audit.models import AuditEntry
from qingfeng.villages.models import Disclosure

from .conftest import items, not_really_png, png


def publish(client, village, month, item="", title="", text="本月收入 1000 元。", **extra):
    data = {"month": f"{month:%Y-%m}", "item": item, "title": title, "text": text, **extra}
    return client.post(f"/staff/villages/{village.code}/", data)


def test_village_member_publishes_an_n_item_which_is_public_at_once_and_audited(world, login, months):
    client = login(world.hank)
    finance = items()[0]
    response = publish(client, world.v1, months[1], item=str(finance.id), text="收入 1000 元，支出 800 元。")
    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    assert (disclosure.village, disclosure.item, disclosure.title, disclosure.author) == (
        world.v1, finance, "财务收支", world.hank)
    assert AuditEntry.objects.filter(action="disclosure.publish", object_id=str(disclosure.id)).count() == 1
    client.logout()
    assert "收入 1000 元，支出 800 元。" in client.get(f"/v/{world.v1.code}/").content.decode()


def test_village_member_publishes_an_x_item_with_its_own_title_and_an_image(world, login, months):
    client = login(world.hank)
    response = publish(client, world.v1, months[0], item="x", title="低保评议结果", attachments=png())
    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    assert disclosure.item is None and disclosure.title == "低保评议结果"
    attachment = disclosure.attachments.get()
    assert attachment.content_type == "image/png"
    served = client.get(f"/v/{world.v1.code}/files/{attachment.id}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["Content-Security-Policy"] == "sandbox"


def test_an_attachment_is_stored_by_what_it_is_not_what_it_is_called(world, login, months):
    client = login(world.hank)
    assert publish(client, world.v1, months[0], item="x", title="公示", attachments=png("公示.html")).status_code == 302
    attachment = Disclosure.objects.get().attachments.get()
    assert attachment.name == "公示.png" and attachment.file.name.endswith(".png")


def test_an_attachment_is_checked_by_its_content_not_its_name(world, login, months):
    client = login(world.hank)
    response = publish(client, world.v1, months[0], item="x", title="照片", attachments=not_really_png())
    assert response.status_code == 400
    assert "不是图片或 PDF 文件" in response.content.decode()
    assert not Disclosure.objects.exists()


def test_a_member_of_another_village_cannot_see_or_publish_for_it(world, login, months, member_b):
    client = login(member_b)
    assert client.get(f"/staff/villages/{world.v1.code}/").status_code == 404
    assert publish(client, world.v1, months[0], item=str(items()[0].id)).status_code == 404
    assert not Disclosure.objects.exists()


def test_a_township_officer_sees_the_village_but_cannot_publish(world, login, months):
    client = login(world.alice)
    page = client.get(f"/staff/villages/{world.v1.code}/")
    assert page.status_code == 200 and 'id="publish-form"' not in page.content.decode()
    assert publish(client, world.v1, months[0], item=str(items()[0].id)).status_code == 403
    assert not Disclosure.objects.exists()


def test_a_disclosure_may_not_publish_an_id_number(world, login, months):
    from tests.engine.crosscheck_helpers import make_id

    client = login(world.hank)
    response = publish(client, world.v1, months[0], item=str(items()[0].id),
                       text=f"低保户名单：张三 {make_id('19800101', '011')}")
    assert response.status_code == 400 and "不能含有身份证号码" in response.content.decode()
    assert not Disclosure.objects.exists()


def test_the_same_n_item_cannot_be_published_twice_in_a_month(world, login, months):
    client = login(world.hank)
    finance = str(items()[0].id)
    assert publish(client, world.v1, months[1], item=finance).status_code == 302
    response = publish(client, world.v1, months[1], item=finance, text="又一次")
    assert response.status_code == 400 and "已经发布" in response.content.decode()
    assert Disclosure.objects.count() == 1


def test_a_correction_is_a_new_version_and_the_old_one_stays_public_marked_superseded(world, login, months):
    client = login(world.hank)
    publish(client, world.v1, months[1], item=str(items()[1].id), text="发放 12 户。", attachments=png())
    first = Disclosure.objects.get()
    response = client.post(f"/staff/villages/d/{first.id}/correct/",
                           {"version": first.version, "text": "发放 13 户。", "note": "漏记一户", "keep_attachments": "on"})
    assert response.status_code == 302
    first.refresh_from_db()
    second = Disclosure.objects.get(current=True)
    assert (second.revision, second.supersedes, first.current) == (2, first, False)
    assert second.attachments.get().file.name == first.attachments.get().file.name
    assert AuditEntry.objects.filter(action="disclosure.correct", object_id=str(second.id)).count() == 1
    client.logout()
    page = client.get(f"/v/{world.v1.code}/").content.decode()
    assert "发放 12 户。" in page and "发放 13 户。" in page
    old = page[page.index(f'id="disclosure-{first.id}"'):]
    assert "已被更正" in old[:old.index("</article>")]


def test_correcting_with_a_stale_version_is_refused(world, login, months):
    client = login(world.hank)
    publish(client, world.v1, months[1], item=str(items()[2].id), text="修路。")
    first = Disclosure.objects.get()
    stale = first.version
    client.post(f"/staff/villages/d/{first.id}/correct/", {"version": stale, "text": "修路 2 公里。"})
    response = client.post(f"/staff/villages/d/{first.id}/correct/", {"version": stale, "text": "修路 3 公里。"})
    assert response.status_code == 400 and "刚被其他人更正过" in response.content.decode()
    assert Disclosure.objects.count() == 2


def test_a_member_of_another_village_cannot_correct_its_disclosure(world, login, months, member_b):
    publish(login(world.hank), world.v1, months[1], item=str(items()[0].id))
    first = Disclosure.objects.get()
    client = login(member_b)
    response = client.post(f"/staff/villages/d/{first.id}/correct/", {"version": first.version, "text": "改掉"})
    assert response.status_code == 404
    assert Disclosure.objects.count() == 1


def test_a_future_month_cannot_be_published(world, login, months):
    from qingfeng.core.months import add_months

    client = login(world.hank)
    response = publish(client, world.v1, add_months(months[0], 1), item=str(items()[0].id))
    assert response.status_code == 400
    assert not Disclosure.objects.exists()


def test_a_disclosure_with_two_attachments_keeps_both_and_a_correction_may_keep_them(world, login, months):
    client = login(world.hank)
    assert publish(client, world.v1, months[0], item="x", title="公示",
                   attachments=[png("一.png"), png("二.png")]).status_code == 302
    first = Disclosure.objects.get()
    assert sorted(a.name for a in first.attachments.all()) == ["一.png", "二.png"]
    response = client.post(f"/staff/villages/d/{first.id}/correct/",
                           {"version": first.version, "title": "公示", "text": "更正后的正文。", "note": "改正文",
                            "keep_attachments": "on", "attachments": png("三.png")})
    assert response.status_code == 302
    new = Disclosure.objects.get(current=True)
    assert sorted(a.name for a in new.attachments.all()) == ["一.png", "三.png", "二.png"]
    page = client.get(f"/v/{world.v1.code}/").content.decode()
    assert all(name in page for name in ("一.png", "二.png", "三.png"))


def test_an_attachment_named_with_an_id_number_is_refused(world, login, months):
    from tests.engine.crosscheck_helpers import make_id

    client = login(world.hank)
    named = png(f"低保户{make_id('19800101', '011')}.png")
    response = publish(client, world.v1, months[0], item="x", title="公示", attachments=[png(), named])
    assert response.status_code == 400 and "含有身份证号码" in response.content.decode()
    assert not Disclosure.objects.exists()


def test_disclosures_are_fetched_in_scope(world, login, months, member_b):
    from django.http import Http404

    from qingfeng.villages.access import access_disclosure_by_id

    assert publish(login(world.hank), world.v1, months[0], item="x", title="公示").status_code == 302
    disclosure = Disclosure.objects.get()
    assert access_disclosure_by_id(world.alice, disclosure.id) == disclosure  # T1's officer oversees v1
    for outsider in (world.bob, member_b):
        try:
            access_disclosure_by_id(outsider, disclosure.id)
        except Http404:
            continue
        raise AssertionError(f"{outsider} saw another jurisdiction's disclosure")
    assert login(world.bob).get(f"/staff/villages/d/{disclosure.id}/correct/").status_code == 404
