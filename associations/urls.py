from django.urls import path

from associations import views

app_name = "associations"

urlpatterns = [
    path("", views.association_list, name="list"),
    path("ny/", views.association_register, name="register"),
    path("<slug:slug>/", views.association_detail, name="detail"),
    path("<slug:slug>/hantera/", views.association_manage, name="manage"),
    path("<slug:slug>/installningar/", views.association_edit, name="edit"),
    path("<slug:slug>/medlemmar/bjud-in/", views.member_invite, name="invite"),
    path("<slug:slug>/medlemmar/<id:pk>/roll/", views.member_role, name="member_role"),
    path("<slug:slug>/medlemmar/<id:pk>/ta-bort/", views.member_remove, name="member_remove"),
    path("<slug:slug>/inbjudningar/<id:pk>/aterkalla/", views.invitation_revoke, name="invitation_revoke"),
    path("<slug:slug>/lamna/", views.association_leave, name="leave"),
]
