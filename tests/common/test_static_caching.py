"""Static files: hashed names (the manifest storage of production) are served for ever, marked immutable."""

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings


@pytest.mark.django_db
def test_hashed_static_files_have_far_future_immutable_cache_headers(tmp_path, settings):
    manifest = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    with override_settings(STATIC_ROOT=tmp_path, STORAGES={**settings.STORAGES, "staticfiles": manifest}):
        call_command(
            "collectstatic", "--noinput", "-v0", "-i", "vendor", "-i", "admin", "-i", "drf_spectacular_sidecar"
        )
        url = static("css/portal.css")
        assert url != "/static/css/portal.css"  # a hashed name
        answer = Client().get(url, secure=True, headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "max-age=315360000, public, immutable"
    assert answer["Content-Encoding"] == "gzip"
    answer.close()  # the file WhiteNoise opened
