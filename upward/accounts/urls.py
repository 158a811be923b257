from django.urls import path

from upward.accounts import views

app_name = "accounts"
urlpatterns = [
    path("roles/", views.roles, name="roles"),
    path("roles/<int:user_id>/", views.role_change, name="role_change"),
    path(
        "account/email-change/<str:token>/confirm/",
        views.email_change_confirm_view,
        name="email_change_confirm",
    ),
    path(
        "account/email-change/<str:token>/stop/",
        views.email_change_cancel_view,
        name="email_change_cancel",
    ),
]
