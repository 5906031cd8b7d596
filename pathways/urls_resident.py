"""URLs of the resident pages of the support pathway (included by pathways.urls)."""

urlpatterns: list = []
