from django.urls import path

from upward.home import views

app_name = "home"
urlpatterns = [
    path("", views.home, name="home"),
    path("programs/mine/", views.my_programs, name="my_programs"),
]
