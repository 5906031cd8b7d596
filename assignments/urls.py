from django.urls import path

from assignments import skills, views

app_name = "assignments"

association = "foreningar/<slug:slug>/uppdrag/"

urlpatterns = [
    path("uppdrag/", views.assignment_list, name="list"),
    path("kompetenser/forslag/", skills.skill_suggestions, name="skill_suggestions"),
    path("uppdrag/<id:pk>/", views.assignment_detail, name="detail"),
    path("uppdrag/<id:pk>/anmal/", views.claim_create, name="claim"),
    path("uppdrag/<id:pk>/ko/", views.waitlist_join, name="waitlist_join"),
    path(association, views.association_assignments, name="association_list"),
    path(f"{association}nytt/", views.assignment_create, name="create"),
    path(f"{association}<id:pk>/", views.assignment_manage, name="manage"),
    path(f"{association}<id:pk>/andra/", views.assignment_edit, name="edit"),
    path(f"{association}<id:pk>/publicera/", views.assignment_publish, name="publish"),
    path(f"{association}<id:pk>/stall-in/", views.assignment_cancel, name="cancel"),
    path(f"{association}<id:pk>/publicera-alla/", views.series_publish, name="series_publish"),
    path(f"{association}<id:pk>/kopiera/", views.assignment_copy, name="copy"),
    path(f"{association}<id:pk>/genomfort/", views.assignment_complete, name="complete"),
    path(
        f"{association}<id:pk>/anmalningar/<id:claim_pk>/godkann/",
        views.claim_decide,
        {"decision": "accept"},
        name="claim_accept",
    ),
    path(
        f"{association}<id:pk>/anmalningar/<id:claim_pk>/avboj/",
        views.claim_decide,
        {"decision": "decline"},
        name="claim_decline",
    ),
    path(f"{association}<id:pk>/anmalningar/<id:claim_pk>/bekrafta/", views.claim_confirm, name="claim_confirm"),
]
