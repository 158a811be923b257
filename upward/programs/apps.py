from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ProgramsConfig(AppConfig):
    name = "upward.programs"
    label = "programs"
    verbose_name = "Programs"

    def ready(self) -> None:
        from upward.programs.signals import seed_skills_after_migrate

        post_migrate.connect(
            seed_skills_after_migrate, sender=self, dispatch_uid="programs_seed_skills"
        )
