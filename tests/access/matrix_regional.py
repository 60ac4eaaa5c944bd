"""Matrix entries for the regional work: plan, events, calendar feed, prize nominations, status meetings and
the example library. Objects are office A's (Oslo og Viken)."""

import datetime

from django.utils import timezone

from .matrix import LOGIN, Entry, directorate_write, everyone, office_write, only, read_only


def _plan(ctx, *, published: bool):
    from regional.services import plan_version_create, plan_version_publish

    version = plan_version_create(office=ctx.office_a, sections={"roles": "Roller"}, user=ctx.staff_a)
    if published:
        plan_version_publish(version=version, user=ctx.staff_a)
    return version


def _event(ctx):
    from regional.models import Event

    start = timezone.now() + datetime.timedelta(days=10)
    return Event.objects.create(
        office=ctx.office_a,
        start=start,
        end=start + datetime.timedelta(hours=6),
        title="Konferanse",
        target_group="Ledere",
        theme="Mat",
        place="Oslo",
        created_by=ctx.staff_a,
    )


def _event_data(ctx):
    return {
        "title": "Seminar",
        "start": "2031-05-04T09:00",
        "end": "2031-05-04T15:00",
        "target_group": "Ledere",
        "theme": "Måltider",
        "place": "Oslo",
    }


def _feed_token(ctx):
    from regional.services import feed_token_create

    return feed_token_create(user=ctx.staff_a).token


def _nomination(ctx):
    from municipalities.models import County
    from regional.models import Nomination

    return Nomination.objects.create(
        office=ctx.office_a,
        year=2021,
        county=County.objects.get(number="03"),
        municipality=ctx.municipality_a,
        justification="Godt arbeid",
        created_by=ctx.staff_a,
    )


def _nomination_data(ctx):
    from municipalities.models import County, Municipality

    return {
        "year": "2022",
        "county": County.objects.get(number="30").pk,
        "municipality": Municipality.objects.get(number="3001").pk,
        "justification": "Godt arbeid med måltider",
    }


def _meeting(ctx):
    from regional.models import StatusMeeting

    return StatusMeeting.objects.create(
        office=ctx.office_a,
        date=datetime.date(2021, 3, 10),
        participants="Hdir, embetet",
        minutes="Referat",
        created_by=ctx.directorate,
        updated_by=ctx.directorate,
    )


def _meeting_data(ctx):
    return {
        "date": "2021-04-14",
        "participants": "Hdir",
        "minutes": "Referat",
        "oppf-TOTAL_FORMS": "1",
        "oppf-INITIAL_FORMS": "0",
        "oppf-MIN_NUM_FORMS": "0",
        "oppf-MAX_NUM_FORMS": "50",
        "oppf-0-text": "Sende plan",
    }


def _example(ctx):
    from municipalities.models import GoodExample

    return GoodExample.objects.create(
        municipality=ctx.municipality_a,
        title="Seniorkafé",
        text="Tekst",
        date=datetime.date(2021, 4, 1),
        recorded_by=ctx.staff_a,
    )


def _slug(ctx):
    return {"slug": ctx.office_a.slug}


ENTRIES = {
    "regional:index": read_only(),
    # Plan: published pages for every reader; a draft version is office A's only (404 for everyone else).
    "regional:plan-detail": read_only(_slug),
    "regional:plan-versions": read_only(_slug),
    "regional:plan-compare": read_only(_slug, params=("fra", "til")),
    "regional:plan-version": Entry(
        kwargs=lambda ctx: {"slug": ctx.office_a.slug, "number": _plan(ctx, published=False).number},
        get=only({"staff_a": 200}, others=404),
        post=everyone(405),
    ),
    "regional:plan-edit": office_write(
        _slug, post_data=lambda ctx: {"common_progress": "Felles framdrift", "roles": "Roller"}
    ),
    "regional:plan-publish": Entry(
        kwargs=lambda ctx: {"slug": ctx.office_a.slug, "number": _plan(ctx, published=False).number},
        get=only({"staff_a": 200}, others=404),
        # staff_a publishes first (roles run in order); the published version is then readable, so the
        # others' POSTs are refused with 403.
        post=only({"staff_a": 302}, others=403),
    ),
    # Events
    "regional:event-list": read_only(params=("maned", "deltakelse")),
    "regional:event-xlsx": read_only(params=("maned", "deltakelse")),
    "regional:office-events": read_only(_slug),
    "regional:event-create": office_write(_slug, post_ok=302, post_data=_event_data),
    "regional:event-edit": office_write(
        lambda ctx: {"slug": ctx.office_a.slug, "pk": _event(ctx).pk}, post_ok=302, post_data=_event_data
    ),
    "regional:event-delete": office_write(lambda ctx: {"slug": ctx.office_a.slug, "pk": _event(ctx).pk}, post_ok=302),
    # Every signed-in user manages their own calendar links.
    "regional:feed-tokens": Entry(get=everyone(200), post=everyone(302), post_data=lambda ctx: {"action": "create"}),
    # The feed needs no login: the secret token in the URL is the key; it shows what staff_a may read.
    "regional:event-feed": Entry(
        kwargs=lambda ctx: {"token": _feed_token(ctx)},
        get=everyone(200, anonymous=200),
        post=everyone(405, anonymous=405),
    ),
    # Prize nominations
    "regional:nomination-overview": read_only(params=("ar",)),
    "regional:office-nominations": read_only(_slug),
    "regional:nomination-create": office_write(_slug, post_ok=302, post_data=_nomination_data, params=("county",)),
    "regional:nomination-edit": office_write(
        lambda ctx: {"slug": ctx.office_a.slug, "pk": _nomination(ctx).pk},
        post_ok=302,
        post_data=_nomination_data,
        params=("county",),
    ),
    # Status meetings: the directorate writes the minutes; everyone reads them.
    "regional:office-meetings": read_only(_slug),
    "regional:meeting-detail": read_only(lambda ctx: {"slug": ctx.office_a.slug, "pk": _meeting(ctx).pk}),
    "regional:meeting-create": directorate_write(_slug, post_ok=302, post_data=_meeting_data),
    "regional:meeting-edit": directorate_write(
        lambda ctx: {"slug": ctx.office_a.slug, "pk": _meeting(ctx).pk}, post_ok=302, post_data=_meeting_data
    ),
    # Example library
    "regional:library": read_only(params=("q", "omrade", "losning", "fylke", "storrelse", "side")),
    "regional:example-detail": read_only(lambda ctx: {"pk": _example(ctx).pk}),
}
_ = LOGIN
