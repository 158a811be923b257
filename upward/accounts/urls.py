from django.urls import path

from upward.accounts import views

app_name = "accounts"
urlpatterns = [
    path("roles/", views.roles, name="roles"),
    path("roles/<int:user_id>/", views.role_change, name="role_change"),
]
