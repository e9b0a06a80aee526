"""The "crosscheck" job kind (registered when the app is ready)."""

from django.utils.translation import gettext_lazy as _

from qingfeng.crosscheck.access import RUNNERS
from qingfeng.jobs.registry import register


@register("crosscheck", title=_("大数据比对"), viewer_roles=RUNNERS)
def crosscheck_job(job, progress):
    from qingfeng.crosscheck import pipeline
    from qingfeng.crosscheck.models import CrosscheckRun

    return pipeline.execute(CrosscheckRun.objects.get(job=job), progress)
