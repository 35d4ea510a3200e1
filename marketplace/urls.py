from django.urls import include, path

from cms.urls import accounts_urlpatterns, dashboard_urlpatterns
from cms.views import demand_board

urlpatterns: list = [
    path("accounts/", include(accounts_urlpatterns)),
    path("dashboard/", include(dashboard_urlpatterns)),
    path("demands/", demand_board.demand_board, name="demand_board"),
    path("demands/<int:pk>/", demand_board.demand_board_detail, name="demand_board_detail"),
    path("demands/<int:pk>/respond/", demand_board.demand_respond, name="demand_respond"),
    path("demands/<int:pk>/withdraw-response/", demand_board.demand_response_withdraw_view,
         name="demand_response_withdraw"),
]
