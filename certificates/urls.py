from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("mina-sidor/intyg/", views.mine, name="mine"),
    path("mina-sidor/intyg/nytt/", views.create, name="create"),
    path("mina-sidor/intyg/<id:pk>/", views.detail, name="detail"),
    path("mina-sidor/intyg/<id:pk>/aterkalla/", views.revoke, name="revoke"),
    path("intyg/", views.lookup, name="lookup"),
    path("intyg/<str:code>/", views.verify, name="verify"),
    path("intyg/<str:code>/intyg.pdf", views.pdf, name="pdf"),
]
