"""A small client of the gateway's JSON API, for the demo, the seed and the end-to-end tests."""
import time

import requests


class ApiError(Exception):
    def __init__(self, status, payload):
        super().__init__(f"HTTP {status}: {payload}")
        self.status = status
        self.payload = payload


class Api:
    """The API as one person (with `token`) or as nobody yet."""

    def __init__(self, base_url, timeout=15, token=None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.http = requests.Session()
        if token:
            self.http.headers["Authorization"] = f"Bearer {token}"

    def as_person(self, registered):
        """The same API, signed in as the person whose registration answer this is."""
        return Api(self.base_url, self.timeout, registered["token"])

    def _send(self, method, path, body=None):
        response = self.http.request(method, self.base_url + path, json=body, timeout=self.timeout)
        payload = response.json() if response.content else None
        if response.status_code >= 400:
            raise ApiError(response.status_code, payload)
        return payload

    def get(self, path):
        return self._send("GET", path)

    def items(self, path, page_size=50):
        """Every item of a paged list ({"items", "page", "page_size", "total"}), page by page."""
        separator = "&" if "?" in path else "?"
        found, page = [], 1
        while True:
            answer = self.get(f"{path}{separator}page={page}&page_size={page_size}")
            found += answer["items"]
            if not answer["items"] or len(found) >= answer["total"]:
                return found
            page += 1

    def download(self, path):
        """(content type, text) of a route that answers a file rather than JSON."""
        response = self.http.get(self.base_url + path, timeout=self.timeout)
        if response.status_code >= 400:
            raise ApiError(response.status_code, response.json() if response.content else None)
        return response.headers["Content-Type"], response.content.decode("utf-8")

    def post(self, path, body=None):
        return self._send("POST", path, body if body is not None else {})

    def patch(self, path, body):
        return self._send("PATCH", path, body)

    def delete(self, path):
        return self._send("DELETE", path)

    def is_up(self):
        try:
            return self.http.get(self.base_url + "/health", timeout=2).status_code == 200
        except requests.RequestException:
            return False


def wait_for(what, check, timeout=30.0, interval=0.1):
    """Poll `check` until it returns something truthy, and return that; fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting {timeout:g} s for {what}")
        time.sleep(interval)
