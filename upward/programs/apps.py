from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ProgramsConfig(AppConfig):
    name = "upward.programs"
    label = "programs"
    verbose_name = "Programs"

    def ready(self) -> None:
        from upward.core.audit_search import register_program_choices
        from upward.programs.signals import seed_skills_after_migrate

        register_program_choices(_program_choices)
        post_migrate.connect(
            seed_skills_after_migrate, sender=self, dispatch_uid="programs_seed_skills"
        )


def _program_choices() -> list[tuple[int, str]]:
    from upward.programs.models import Program

    return list(Program.objects.order_by("name").values_list("pk", "name"))
