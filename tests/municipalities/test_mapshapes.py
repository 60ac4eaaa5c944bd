from municipalities.mapshapes import country_map


def test_every_municipality_has_a_shape_and_the_map_stays_small(db):
    country = country_map()
    assert len(country.shapes) == 356
    assert country.shapes["0301"].office == "oslo-og-viken"
    assert all(s.path.startswith("M") and s.path.endswith("z") for s in country.shapes.values())
    assert sum(len(s.path) for s in country.shapes.values()) < 1_000_000


def test_office_view_box_zooms_to_the_office():
    country = country_map()
    whole = [float(v) for v in country.view_box().split()]
    agder = [float(v) for v in country.view_box("agder").split()]
    assert agder[2] < whole[2] / 3
    assert agder[3] < whole[3] / 3
