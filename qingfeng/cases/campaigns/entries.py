"""Staff menu cards of the campaign and accountability pages (registered in CasesConfig.ready())."""


def register_menu_entries() -> None:
    from qingfeng.cases.accountability.views import staff_entries as accountability_entries
    from qingfeng.cases.campaigns.views import staff_entries as campaign_entries
    from qingfeng.staff import menu

    menu.register(campaign_entries)
    menu.register(accountability_entries)
