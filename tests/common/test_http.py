from common.http import attachment_header, xlsx_response


def test_a_plain_file_name_is_given_as_it_is():
    assert (
        attachment_header("lhl-status-agder-2021-04-30.xlsx")
        == 'attachment; filename="lhl-status-agder-2021-04-30.xlsx"'
    )


def test_any_other_name_gets_an_ascii_fallback_and_the_encoded_name():
    header = attachment_header('Rapport for Trøndelag "våren" 2021.xlsx')
    assert header == (
        'attachment; filename="Rapport for Trondelag _varen_ 2021.xlsx"; '
        "filename*=UTF-8''Rapport%20for%20Tr%C3%B8ndelag%20%22v%C3%A5ren%22%202021.xlsx"
    )


def test_a_header_cannot_be_split_by_a_line_break_in_the_name():
    header = attachment_header("a\r\nSet-Cookie: x=1.xlsx")
    assert "\r" not in header
    assert "\n" not in header


def test_xlsx_response_is_a_download_of_the_workbook():
    response = xlsx_response(b"PK", "tilskudd.xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="tilskudd.xlsx"'
    assert response.content == b"PK"


def test_a_file_name_part_from_norwegian_text_is_ascii():
    from common.http import ascii_slug

    assert ascii_slug("Høsten 2021") == "hosten-2021"
    assert ascii_slug("Våren 2021") == "varen-2021"
    assert ascii_slug("Statsforvalteren i Møre og Romsdal") == "statsforvalteren-i-more-og-romsdal"
    assert ascii_slug("Æøå – «Trøndelag»!") == "aeoa-trondelag"
