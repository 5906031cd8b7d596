from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("mina-sidor/notiser/", views.inbox_view, name="inbox"),
    path("mina-sidor/notiser/las/", views.mark_read, name="mark_read"),
    path("mina-sidor/notiser/<id:pk>/", views.open_notification, name="open"),
    path("mina-sidor/bevakningar/", views.saved_search_list, name="saved_searches"),
    path("mina-sidor/bevakningar/ny/", views.saved_search_create, name="saved_search_create"),
    path("mina-sidor/bevakningar/<id:pk>/", views.saved_search_change, name="saved_search_change"),
    path("avregistrera/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
