"""The open REST API (/api/v1/): Django REST framework over the same selectors and services as the site."""
