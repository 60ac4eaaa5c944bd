from django.urls import path

from .views import municipal, office, rates

app_name = "selfreport"

urlpatterns = [
    # The municipality's pages. A personal link /svar/<token>/ reads /svar/lenke/ once its secret is taken out
    # (middleware.LinkTokenMiddleware); it is never reversed with the token.
    path("svar/lenke/", municipal.link_open, name="link-open"),
    path("svar/kommune/<str:number>/", municipal.response_page, name="response"),
    path("svar/logg-ut/", municipal.sign_out, name="sign-out"),
    path("svar/logget-ut/", municipal.signed_out, name="signed-out"),
    # The office's pages.
    path("embeter/<slug:slug>/kontaktpersoner/", office.contact_list, name="contacts"),
    path("embeter/<slug:slug>/kontaktpersoner/<int:pk>/endre/", office.contact_edit, name="contact-edit"),
    path("embeter/<slug:slug>/kontaktpersoner/<int:pk>/slett/", office.contact_remove, name="contact-delete"),
    path("embeter/<slug:slug>/statusrunder/", office.round_list, name="rounds"),
    path("embeter/<slug:slug>/statusrunder/ny/", office.round_new, name="round-new"),
    path("embeter/<slug:slug>/statusrunder/<int:pk>/", office.round_detail, name="round"),
    path(
        "embeter/<slug:slug>/statusrunder/<int:pk>/invitasjoner/<int:invitation>/send-igjen/",
        office.invitation_send_again,
        name="invitation-resend",
    ),
    path(
        "embeter/<slug:slug>/statusrunder/<int:pk>/invitasjoner/<int:invitation>/trekk-tilbake/",
        office.invitation_close,
        name="invitation-revoke",
    ),
    path("embeter/<slug:slug>/statusrunder/<int:pk>/svar/<int:invitation>/", office.review, name="review"),
    # The directorate's page of the national dashboard.
    path("dashboard/egenrapportering/", rates.dashboard_rates, name="rates"),
]
