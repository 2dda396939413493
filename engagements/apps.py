from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "engagements"
    verbose_name = "Engagements"

    def ready(self):
        from . import audit, permissions  # noqa: F401  (signal receivers and rule registry)
