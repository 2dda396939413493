from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "engagements"
    verbose_name = "Engagements"

    def ready(self):
        # Signal receivers (the door on history rows, forgetting counts after loaddata) and the
        # permission rules register themselves on import.
        from django.db.models.signals import pre_save

        from engagements import doors, permissions  # noqa: F401
        from engagements.models.text import fill_name_keys_on_raw_save
        from engagements.services import findings_counts  # noqa: F401
        from raci_project import mfa  # noqa: F401  (what a new session owes: a code, enrolment)

        pre_save.connect(fill_name_keys_on_raw_save, dispatch_uid="raci_name_keys_on_raw_save")
