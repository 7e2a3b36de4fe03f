"""The API keeps its own contract (issue 10, found by schemathesis): every integer input has a
range and beyond it is a 422 naming the parameter; every 404 under /api/ is the JSON error body;
the OpenAPI document lists each operation's error answers and states what the server accepts;
/api/docs loads Swagger UI from static/vendor/ with no inline script."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client

from gaoxin.accounts.choices import Role
from gaoxin.accounts.tests.api_client import ApiClient
from gaoxin.core.api import AS_OF_PATTERN, ID_MAX

pytestmark = pytest.mark.django_db

BEYOND_64_BITS = "39939448518825807446016"


@pytest.fixture
def document(client):
    return client.get("/api/openapi.json").json()


def _fields(response) -> list[str]:
    return [f["field"] for f in response.json()["error"]["fields"]]


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/enterprises", {"park": BEYOND_64_BITS, "page": "64862"}, "park"),
        ("/enterprises", {"page": BEYOND_64_BITS}, "page"),
        ("/firstset/catalog", {"page": "67251645130804754907136", "edition": "1"}, "page"),
        ("/firstset/catalog", {"edition": BEYOND_64_BITS}, "edition"),
        ("/policies/calculator", {"enterprise": BEYOND_64_BITS}, "enterprise"),
    ],
)
def test_an_integer_query_parameter_out_of_range_is_a_422_naming_it(world, path, params, field):
    response = ApiClient(world.a.users[Role.ZONE_OFFICIAL]).get(path, **params)
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["code"] == "validation"
    assert field in _fields(response)


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (f"/enterprises/{BEYOND_64_BITS}", "enterprise_id"),
        (f"/firstset/catalog/{ID_MAX + 1}", "entry_id"),
        (f"/policies/{BEYOND_64_BITS}", "policy_id"),
        ("/enterprises/0", "enterprise_id"),
        ("/enterprises/1/facts/1", "year"),
    ],
)
def test_a_path_id_out_of_range_is_a_422_naming_it(world, path, field):
    response = ApiClient(world.a.users[Role.ZONE_OFFICIAL])._call("get", path)
    if path.endswith("/facts/1"):
        response = ApiClient(world.a.users[Role.ZONE_OFFICIAL]).put(path, {})
    assert response.status_code == 422
    assert field in _fields(response)


def test_the_largest_id_is_a_plain_404(world):
    response = ApiClient(world.a.users[Role.ZONE_OFFICIAL]).get(f"/enterprises/{ID_MAX}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "path",
    ["/api/no-such-thing", "/api/enterprises/null,null", "/api/firstset/catalog/abc", "/api/"],
)
def test_every_404_under_api_is_the_json_error_body(client, path):
    response = client.get(path, HTTP_ACCEPT="text/html")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "not_found"


def test_a_404_outside_api_is_still_the_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_the_document_lists_the_error_answers_of_every_operation(document):
    error_ref = {"$ref": "#/components/schemas/ErrorOut"}
    assert set(document["components"]["schemas"]["ErrorOut"]["properties"]) == {"error"}
    count = 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            expected = {"400", "404", "409", "422"}
            if operation.get("security"):
                expected |= {"401", "403"}
            assert expected <= set(responses), (method, path)
            for code in expected:
                schema = responses[code]["content"]["application/json"]["schema"]
                assert schema == error_ref, (method, path, code)
            count += 1
    assert count >= 30
    me = document["paths"]["/api/me"]["get"]["responses"]
    assert {"401", "403", "404", "422"} <= set(me)


def test_the_document_gives_every_integer_parameter_a_range(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                if schema.get("type") == "integer":
                    assert "minimum" in schema and "maximum" in schema, (method, path, parameter)
                    assert schema["maximum"] <= ID_MAX
                assert {"type": "null"} not in schema.get("anyOf", []), (method, path)


def _body_schema(document, path, method="post"):
    return document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]


def test_an_empty_jurisdiction_and_no_policies_are_invalid_by_the_document(document, client):
    schema = _body_schema(document, "/api/firstset/calc")
    assert schema["properties"]["jurisdiction"]["enum"] == ["CN", "ZJ"]
    assert schema["properties"]["policies"]["minItems"] == 1
    response = client.post(
        "/api/firstset/calc",
        {"jurisdiction": "", "policies": []},
        content_type="application/json",
    )
    assert response.status_code == 422


def test_a_premium_of_zero_as_a_number_is_valid_by_the_document_and_the_server(document, client):
    policy = _body_schema(document, "/api/firstset/calc")["properties"]["policies"]["items"]
    premium_types = {option["type"] for option in policy["properties"]["premium"]["anyOf"]}
    assert {"string", "integer", "number"} <= premium_types
    case = {
        "jurisdiction": "CN",
        "policies": [
            {
                "id": "p1",
                "equipment": "robot-1",
                "start": "2025-03-01",
                "end": "2026-02-28",
                "sum_insured": "28000000",
                "premium": 0,
            }
        ],
    }
    response = client.post("/api/firstset/calc", case, content_type="application/json")
    assert response.status_code == 200


def test_the_year_of_a_path_is_bounded_by_this_year(document):
    parameters = document["paths"]["/api/enterprises/{enterprise_id}/facts/{year}"]["put"][
        "parameters"
    ]
    year = next(p for p in parameters if p["name"] == "year")["schema"]
    assert year["minimum"] == 1949
    assert year["maximum"] == datetime.date.today().year or year["maximum"] >= 2026


def test_the_as_of_pattern_is_exactly_the_days_the_server_reads():
    pattern = re.compile(AS_OF_PATTERN)
    day = datetime.date(1900, 1, 1)
    while day <= datetime.date(2200, 12, 31):
        assert pattern.match(day.isoformat()), day
        day += datetime.timedelta(days=1)
    assert pattern.match("")
    for bad in ["1900-02-29", "2100-02-29", "2025-02-29", "2025-04-31", "1899-12-31", "2201-01-01"]:
        assert not pattern.match(bad), bad


def test_a_reason_made_of_spaces_cannot_reject_a_declaration(world, document):
    ref = _body_schema(document, "/api/verification/{record_id}/reject")["$ref"]
    schema = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert "reason" in schema["required"]
    assert schema["properties"]["reason"]["pattern"] == r"\S"
    response = ApiClient(world.a.users[Role.ZONE_OFFICIAL]).post(
        "/verification/1/reject", {"reason": "   "}
    )
    assert response.status_code == 422
    assert _fields(response) == ["reason"]


def test_a_second_credit_code_is_a_conflict(world):
    client = ApiClient(world.a.users[Role.ZONE_OFFICIAL])
    response = client.patch(
        f"/enterprises/{world.a.enterprise.pk}", {"uscc": world.b.enterprise.uscc}
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert _fields(response) == ["uscc"]


def test_the_docs_page_uses_the_vendored_swagger_ui_and_no_inline_script():
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "/static/vendor/swagger-ui/swagger-ui.css" in html
    assert 'data-openapi-url="/api/openapi.json"' in html
    assert "cdn" not in html.lower()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
    assert not re.search(r"\son[a-z]+=", html)


def test_a_direction_that_is_not_text_is_a_422_not_a_server_error(client):
    check = {
        "indicators": [{"name": "额定负载", "unit": "kg", "direction": {}, "threshold": "500"}],
        "declared": {},
    }
    response = client.post("/api/firstset/check", check, content_type="application/json")
    assert response.status_code == 422
    assert _fields(response) == ["indicators[0].direction"]


def test_a_body_that_is_not_an_object_is_refused(world):
    client = ApiClient(world.a.users[Role.ZONE_OFFICIAL])
    response = client.post("/verification/verify", True)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "error"


def test_a_boolean_is_not_a_count(world):
    client = ApiClient(world.a.users[Role.ZONE_OFFICIAL])
    response = client.put(
        f"/enterprises/{world.a.enterprise.pk}/facts/2024", {"patents_granted": False}
    )
    assert response.status_code == 422
    assert _fields(response) == ["patents_granted"]


def test_the_document_has_no_key_twice(client):
    import json

    def no_duplicates(pairs):
        keys = [key for key, _value in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    json.loads(client.get("/api/openapi.json").content, object_pairs_hook=no_duplicates)


def test_a_whole_number_written_with_a_point_is_an_integer(world):
    client = ApiClient(world.a.users[Role.ZONE_OFFICIAL])
    response = client.put(
        f"/enterprises/{world.a.enterprise.pk}/facts/2024", {"employees": 52.0, "revenue": "1"}
    )
    assert response.status_code in (200, 201)
    assert response.json()["employees"] == 52
