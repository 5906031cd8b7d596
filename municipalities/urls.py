from django.urls import path

from municipalities import views, views_dashboard, views_goals, views_public, views_staff

app_name = "municipalities"

urlpatterns = [
    path("statistik/region/", views_dashboard.region, name="region"),
    path("statistik/region.csv", views_dashboard.region_csv, name="region_csv"),
    path("statistik/region.xlsx", views_dashboard.region_xlsx, name="region_xlsx"),
    path("start/", views_staff.staff_start, name="staff_start"),
    path("<str:code>/", views.municipality_detail, name="detail"),
    path("<str:code>/oppna-data/<slug:name>.csv", views_public.open_data_csv, name="open_data_csv"),
    path("<str:code>/oppna-data/<slug:name>.json", views_public.open_data_json, name="open_data_json"),
    path("<str:code>/start/", views_staff.staff_home, name="staff_home"),
    path("<str:code>/foreningar/", views_staff.association_list, name="associations"),
    path("<str:code>/foreningar/<slug:slug>/", views_staff.association_status, name="association"),
    path("<str:code>/granska/", views.verification_queue, name="queue"),
    path("<str:code>/granska/<slug:slug>/", views.verification_decide, name="decide"),
    path("<str:code>/orter/", views.villages, name="villages"),
    path("<str:code>/orter/<id:pk>/", views.village_edit, name="village_edit"),
    path("<str:code>/personal/", views.staff, name="staff"),
    path("<str:code>/mal/", views_goals.goals, name="goals"),
    path("<str:code>/mal/nytt/", views_goals.goal_create, name="goal_create"),
    path("<str:code>/mal/<id:pk>/", views_goals.goal_edit, name="goal_edit"),
    path("<str:code>/mal/<id:pk>/flytta/", views_goals.goal_move, name="goal_move"),
    path("<str:code>/mal/<id:pk>/avsluta/", views_goals.goal_retire, name="goal_retire"),
    path("<str:code>/mal/<id:pk>/aktivera/", views_goals.goal_activate, name="goal_activate"),
    path("<str:code>/statistik/", views_dashboard.dashboard, name="dashboard"),
    path("<str:code>/statistik/utskrift/", views_dashboard.dashboard_print, name="dashboard_print"),
    path("<str:code>/statistik/<slug:table_key>.csv", views_dashboard.dashboard_csv, name="dashboard_csv"),
    path("<str:code>/statistik/<slug:table_key>.xlsx", views_dashboard.dashboard_xlsx, name="dashboard_xlsx"),
]
