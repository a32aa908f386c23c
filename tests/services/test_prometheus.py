"""Prometheus: the HTTP query API answers a query about its own `up` series."""
import json
import time
import urllib.parse
import urllib.request


def query(base, expr):
    url = f"{base}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=5) as resp:
        return json.load(resp)


def test_query_api_reports_itself_up(prometheus_url):
    deadline = time.monotonic() + 30  # the first scrape happens within one scrape interval
    while True:
        body = query(prometheus_url, 'up{job="prometheus"}')
        assert body["status"] == "success", body
        result = body["data"]["result"]
        if result or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert len(result) == 1, body
    assert result[0]["metric"]["job"] == "prometheus"
    assert result[0]["value"][1] == "1"
