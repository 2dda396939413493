from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "engagements"
    verbose_name = "Engagements"

    def ready(self):
        # signal receivers and the rule registry
        from engagements import audit, findings_counts, permissions  # noqa: F401
