"""片区设置: the administrator groups townships into 片区; a move takes the township's
villages and everything scoped by their paths along (world: T2 东岳观镇 is in P1)."""

from qingfeng.audit.models import AuditEntry
from qingfeng.places.models import Jurisdiction

URL = "/staff/places/areas/"


def move(client, township, area_code, version=None):
    version = Jurisdiction.objects.get(pk=township.pk).version if version is None else version
    return client.post(f"/staff/places/townships/{township.code}/area/", {"area": area_code, "version": version})


def test_the_administrator_sees_each_area_with_its_townships(world, login):
    page = login(world.admin).get(URL).content.decode()
    p1 = page[page.index('id="area-430821P1"'):page.index("</section>", page.index('id="area-430821P1"'))]
    assert "第一片区" in p1 and "广福桥镇、东岳观镇" in p1 and "江垭镇" not in p1


def test_the_administrator_creates_an_area_with_the_next_code_and_renames_it(world, login):
    client = login(world.admin)
    assert client.post("/staff/places/areas/new/", {"name": "第三片区"}).status_code == 302
    area = Jurisdiction.objects.get(code="430821P3")
    assert (area.name, area.level, area.parent, area.path) == ("第三片区", "area", world.county, "/430821/430821P3/")

    client.post("/staff/places/areas/430821P3/rename/", {"name": "城区片区", "version": area.version})
    area.refresh_from_db()
    assert area.name == "城区片区" and area.version == 2
    assert [e.action for e in AuditEntry.objects.order_by("seq")][-2:] == ["area.create", "area.rename"]


def test_an_area_name_must_be_new_and_not_empty(world, login):
    client = login(world.admin)
    page = client.post("/staff/places/areas/new/", {"name": "第二片区"}, follow=True).content.decode()
    assert "已有名为“第二片区”的片区。" in page
    page = client.post("/staff/places/areas/new/", {"name": "  "}, follow=True).content.decode()
    assert "请填写片区名称。" in page
    assert Jurisdiction.objects.filter(level="area").count() == 2


def test_moving_a_township_rewrites_its_villages_paths(world, login):
    response = move(login(world.admin), world.t2, "430821P2")

    assert response.status_code == 302
    world.t2.refresh_from_db()
    world.v2.refresh_from_db()
    assert world.t2.parent == world.p2 and world.t2.path == "/430821/430821P2/430821102/"
    assert world.v2.path == "/430821/430821P2/430821102/430821102201/"
    entry = AuditEntry.objects.get(action="area.move_township")
    assert entry.before["parent"] == "430821P1" and entry.after == {
        "parent": "430821P2", "path": "/430821/430821P2/430821102/", "descendants_moved": 1}


def test_after_a_move_the_old_area_leader_loses_the_townships_clues_and_the_new_one_gains_them(
        world, login, make_clue):
    clue = make_clue(world.t2)
    url = f"/staff/clues/{clue.id}/"
    assert login(world.carol).get(url).status_code == 200
    assert login(world.ivan).get(url).status_code == 404

    move(login(world.admin), world.t2, "430821P2")

    assert login(world.carol).get(url).status_code == 404
    assert login(world.ivan).get(url).status_code == 200
    assert login(world.bob).get(url).status_code == 200  # the township officer keeps his own
    assert login(world.alice).get(url).status_code == 404  # and his neighbour still cannot


def test_a_township_moved_out_of_every_area_hangs_under_the_county(world, login):
    move(login(world.admin), world.t3, "")
    world.t3.refresh_from_db()
    world.v3.refresh_from_db()
    assert world.t3.parent == world.county and world.v3.path == "/430821/430821106/430821106201/"
    page = login(world.admin).get(URL).content.decode()
    assert 'id="unassigned"' in page and "1 个乡镇未分片区" in page


def test_a_move_from_a_stale_page_is_refused(world, login):
    client = login(world.admin)
    move(client, world.t2, "430821P2")
    page = client.post(f"/staff/places/townships/{world.t2.code}/area/", {"area": "430821P1", "version": 1},
                       follow=True).content.decode()
    world.t2.refresh_from_db()
    assert world.t2.parent == world.p2 and "其他人刚修改过这里" in page


def test_only_the_administrator_may_group_townships(world, login):
    for user in (world.carol, world.frank, world.erin, world.alice):
        client = login(user)
        assert client.get(URL).status_code == 403, user.username
        assert move(client, world.t2, "430821P2").status_code == 403, user.username
        assert client.post("/staff/places/areas/new/", {"name": "新片区"}).status_code == 403, user.username
    world.t2.refresh_from_db()
    assert world.t2.parent == world.p1 and not Jurisdiction.objects.filter(name="新片区").exists()


def test_a_township_cannot_be_moved_into_a_village_or_unknown_place(world, login):
    client = login(world.admin)
    assert move(client, world.t2, world.v1.code).status_code == 404
    assert move(client, world.t2, "430821P9").status_code == 404
    world.t2.refresh_from_db()
    assert world.t2.parent == world.p1


def test_a_rename_without_a_version_or_from_a_stale_page_is_refused(world, login):
    client = login(world.admin)
    for data in ({"name": "甲片区"}, {"name": "乙片区", "version": "x"}, {"name": "丙片区", "version": 7}):
        page = client.post("/staff/places/areas/430821P1/rename/", data, follow=True).content.decode()
        assert "其他人刚修改过这里" in page, data
    world.p1.refresh_from_db()
    assert (world.p1.name, world.p1.version) == ("第一片区", 1)
