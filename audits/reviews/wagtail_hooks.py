"""Admin URLs of the management review, under the inspection section's menu.

The menu item lives with the inspection menu (``audits.inspections.wagtail_hooks``)
and links here by path; the URLs keep the ``inspections/reviews/`` prefix that
users bookmarked.
"""

from django.urls import include, path
from wagtail import hooks

from audits.reviews import views
from audits.reviews.listings import ReviewIndexView

app_name = views.NS
urlpatterns = [
    path("", ReviewIndexView.as_view(), name="reviews"),
    path(
        "results/",
        ReviewIndexView.as_view(results_only=True),
        name="reviews_results",
    ),
    path("pack/", views.review_pack, name="review_pack"),
    path("pack.pdf", views.review_pack_pdf, name="review_pack_pdf"),
    path("<int:pk>/", views.review_detail, name="review"),
    path("<int:pk>.pdf", views.review_pdf, name="review_pdf"),
    path("<int:pk>/ky-so/", views.review_sign, name="review_sign"),
    path(
        "actions/<int:pk>/done/",
        views.review_action_done,
        name="review_action_done",
    ),
]


@hooks.register("register_admin_urls")
def register_review_urls():
    return [
        path(
            "inspections/reviews/",
            include((urlpatterns, app_name), namespace=app_name),
        )
    ]
