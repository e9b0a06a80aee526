from qingfeng.web.formats.shared import *  # noqa: F403
