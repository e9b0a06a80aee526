"""The "crosscheck" job kind (registered when the app is ready)."""

from django.utils.translation import gettext_lazy as _

from qingfeng.crosscheck.access import RUNNERS
from qingfeng.jobs.registry import JobError, register


@register("crosscheck", title=_("大数据比对"), viewer_roles=RUNNERS)
def crosscheck_job(job, progress):
    # Imported here: the web process starts without the engine's DuckDB.
    from qingfeng.crosscheck import pipeline
    from qingfeng.crosscheck.models import CrosscheckRun
    from qingfeng.engine.readers import BundleError
    from qingfeng.engine.rulebook import RuleError

    try:
        return pipeline.execute(CrosscheckRun.objects.get(job=job), progress)
    except (pipeline.CrosscheckError, BundleError, RuleError) as err:
        # Their messages name the file, row and column for whoever prepared the bundle.
        raise JobError(str(err)) from err
