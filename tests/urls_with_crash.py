"""The site's URLs plus one view that fails, to see the 500 page a person gets."""

from django.urls import path

from uppdragsbanken import urls as site_urls
from uppdragsbanken.views import crash

urlpatterns = [*site_urls.urlpatterns, path("krasch/", crash)]
handler404 = site_urls.handler404
handler500 = site_urls.handler500
