"""Documents the platform prints: fonts, charts, PDF and Word building blocks.

Shared by the periodic reports (qingfeng.reports.periodic), the monthly bulletin
(qingfeng.bulletins) and the village posters. No models, no views: every function
takes plain data and returns bytes.
"""
