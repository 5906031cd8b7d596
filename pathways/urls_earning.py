"""URLs of the earning pages of the support pathway (included by pathways.urls)."""

urlpatterns: list = []
