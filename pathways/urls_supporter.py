"""URLs of the supporter pages of the support pathway (included by pathways.urls)."""

urlpatterns: list = []
