"""Every page of the programs app. Pages that belong to one program sit under
/programs/<program_id>/ and are guarded by `manager_page` (programs.guards)."""

from django.urls import path

from upward.programs.views import (
    content,
    invitations,
    recruiting,
    registration,
    registration_manage,
    registration_self_id,
    setup,
    setup_status,
)

app_name = "programs"
P = "programs/<int:program_id>/"
urlpatterns = [
    # The manager's list and the set-up of one program.
    path("programs/", setup.program_list, name="list"),
    path("programs/new/", setup.program_new, name="create"),
    path(P, setup.program_overview, name="overview"),
    path(f"{P}status/", setup_status.program_status, name="transition"),
    path(
        f"{P}status/<str:status>/", setup_status.program_status_confirm, name="transition_confirm"
    ),
    path(f"{P}settings/", setup.program_settings, name="settings"),
    path(f"{P}kpis/", setup.program_kpis, name="kpis"),
    path(f"{P}eligibility/", setup.program_eligibility, name="eligibility"),
    path(
        f"{P}eligibility/<str:role>/preview/",
        setup.eligibility_preview,
        name="eligibility_preview",
    ),
    path(
        f"{P}eligibility/<str:role>/people/", setup.program_eligible_people, name="eligible_people"
    ),
    path(f"{P}managers/", setup.program_managers_page, name="managers"),
    path(
        f"{P}managers/<int:user_id>/remove/",
        setup.program_manager_remove_view,
        name="manager_remove",
    ),
    # The program's content.
    path(f"{P}agendas/", content.agendas, name="agendas"),
    path(f"{P}agendas/new/", content.agenda_create, name="agenda_create"),
    path(f"{P}agendas/<int:agenda_id>/", content.agenda_edit, name="agenda_edit"),
    path(f"{P}agendas/<int:agenda_id>/delete/", content.agenda_delete, name="agenda_delete"),
    path(f"{P}guides/", content.guides, name="guides"),
    path(f"{P}guides/new/", content.guide_create, name="guide_create"),
    path(f"{P}guides/<int:guide_id>/", content.guide_edit, name="guide_edit"),
    path(f"{P}guides/<int:guide_id>/delete/", content.guide_delete, name="guide_delete"),
    path(f"{P}questions/", content.questions, name="questions"),
    path(f"{P}questions/new/", content.question_create, name="question_create"),
    path(f"{P}questions/<int:question_id>/", content.question_edit, name="question_edit"),
    path(
        f"{P}questions/<int:question_id>/delete/",
        content.question_delete,
        name="question_delete",
    ),
    # Recruiting, for the program's managers.
    path(f"{P}recruiting/", recruiting.recruiting_overview, name="recruiting"),
    path(f"{P}recruiting/invite/", recruiting.recruiting_invite, name="recruiting_invite"),
    path(
        f"{P}recruiting/invite/search/",
        recruiting.recruiting_people_search,
        name="recruiting_people_search",
    ),
    path(
        f"{P}recruiting/invite/preview/",
        recruiting.recruiting_filter_preview,
        name="recruiting_filter_preview",
    ),
    path(f"{P}recruiting/invitations/", recruiting.invitation_list, name="recruiting_invitations"),
    path(
        f"{P}recruiting/invitations/<int:invitation_id>/resend/",
        recruiting.invitation_resend_view,
        name="invitation_resend",
    ),
    path(
        f"{P}recruiting/invitations/<int:invitation_id>/revoke/",
        recruiting.invitation_revoke_view,
        name="invitation_revoke",
    ),
    path(f"{P}registrations/", registration_manage.registrations, name="registrations"),
    path("programs/skills/new/", registration_manage.skill_create_view, name="skill_create"),
    # The participant's side: the program page, the invitation link, registering.
    path("programs/p/<slug:slug>/", invitations.program_page, name="program_page"),
    path("programs/p/<slug:slug>/register/", registration.register, name="register"),
    path(
        "programs/p/<slug:slug>/register/skills/",
        registration.skill_picker_fragment,
        name="register_skills",
    ),
    path("programs/invitation/<str:token>/", invitations.invitation_landing, name="invitation"),
    path(
        "programs/invitation/<str:token>/accept/",
        invitations.invitation_accept_view,
        name="invitation_accept",
    ),
    path(
        "programs/invitation/<str:token>/decline/",
        invitations.invitation_decline_view,
        name="invitation_decline",
    ),
    path(
        "programs/registrations/<int:registration_id>/",
        registration.my_registration,
        name="my_registration",
    ),
    path(
        "programs/registrations/<int:registration_id>/edit/",
        registration.registration_edit,
        name="registration_edit",
    ),
    path(
        "programs/registrations/<int:registration_id>/withdraw/",
        registration.registration_withdraw_view,
        name="registration_withdraw",
    ),
    path(
        "programs/registrations/<int:registration_id>/guide/",
        registration.registration_guide,
        name="registration_guide",
    ),
    path(
        "programs/registrations/<int:registration_id>/starting-point/",
        registration.starting_point,
        name="starting_point",
    ),
    path(
        "programs/registrations/<int:registration_id>/guide/confirm/",
        registration.registration_guide_confirm,
        name="registration_guide_confirm",
    ),
    path(
        "programs/registrations/<int:registration_id>/self-identification/",
        registration_self_id.self_identification_edit,
        name="self_identification",
    ),
    path(
        "programs/registrations/<int:registration_id>/self-identification/withdraw/",
        registration_self_id.self_identification_withdraw_view,
        name="self_identification_withdraw",
    ),
]
