"""Publishing the lookup read model from the Django side: `qingfeng portal publish` and the
cross-check pipeline's hook after every bundle import."""

from django.utils.translation import gettext as _

from qingfeng.engine import publish
from qingfeng.engine.hub import Hub
from qingfeng.portal.keys import portal_key
from qingfeng.portal.lookup import store


def publish_from_hub(hub, *, force: bool = False):
    """Publish the hub's latest roll + payments unless that exact pair is already published."""
    return publish.publish(hub, store.directory(), portal_key(), force=force)


def publish_command(stdout) -> None:
    with Hub() as hub:
        done = publish_from_hub(hub, force=True)
    if done is None:
        stdout.write(_("数据仓库中还没有保障对象名册，未发布。"))
        return
    stdout.write(_("已发布惠民资金查询数据：%(persons)s 人，%(households)s 户，%(payments)s 笔发放，"
                   "数据截至 %(as_of)s（%(seconds)s 秒）：%(path)s") % {
        "persons": done.persons, "households": done.households, "payments": done.payments,
        "as_of": done.as_of, "seconds": done.seconds, "path": done.path})
