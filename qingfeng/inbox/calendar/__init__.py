"""The county's working-day calendar kept by an administrator (工作日历): load a year's official
schedule (reading → actions.do_load_year_file), correct single days, and the inbox reminder of a
year nobody has loaded. The calendar itself — models in qingfeng.core.models, the arithmetic
in qingfeng.core.workdays — is used by every app; this package is only its admin side."""
