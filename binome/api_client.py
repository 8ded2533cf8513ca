"""A small client of the gateway's JSON API, for the demo, the seed and the end-to-end tests."""
import time

from .maildir_check import link_tokens

import requests


class ApiError(Exception):
    def __init__(self, status, payload):
        super().__init__(f"HTTP {status}: {payload}")
        self.status = status
        self.payload = payload


class Api:
    """The API as one person (with `token`) or as nobody yet. `maildir` is where the system's
    emails arrive (embedded: DATA/maildir), read to follow the links they carry."""

    def __init__(self, base_url, timeout=15, token=None, maildir=None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.maildir = maildir
        self.token = token
        self.http = requests.Session()
        if token:
            self.http.headers["Authorization"] = f"Bearer {token}"

    def as_person(self, registered):
        """The same API, signed in as the person whose `register` answer (or session) this is."""
        return Api(self.base_url, self.timeout, registered["token"], self.maildir)

    def register(self, person, timeout=30.0):
        """Register `person` and confirm the address as its owner does, by the emailed link: the
        profile, with the session `token` the link opened (for `as_person`)."""
        if self.maildir is None:
            raise ValueError("registering needs the Maildir the confirmation link is emailed to")
        address = person["email"]
        # Links are read whatever their host: PUBLIC_URL may name another than this client's.
        seen = link_tokens(self.maildir, address)
        self.post("/api/people", person)
        (link_token, *_) = wait_for(f"the confirmation link emailed to {address}",
                                    lambda: link_tokens(self.maildir, address) - seen, timeout)
        return self.confirm(link_token)

    def confirm(self, link_token):
        """Redeem an emailed link's token: the profile of whoever it signs in, with `token`."""
        session = self.post("/api/sessions", {"link_token": link_token})
        return {**self.as_person(session).get("/api/me"), "token": session["token"],
                "operator": session["operator"], "new_account": session["new_account"]}

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

    def upload(self, path, field, filename, content, content_type="application/octet-stream"):
        """POST a file as multipart/form-data in `field` (a review's document)."""
        response = self.http.post(self.base_url + path, timeout=self.timeout,
                                  files={field: (filename, content, content_type)})
        payload = response.json() if response.content else None
        if response.status_code >= 400:
            raise ApiError(response.status_code, payload)
        return payload

    def download_bytes(self, path):
        """The whole answer of a route that answers a file (its headers and bytes)."""
        response = self.http.get(self.base_url + path, timeout=self.timeout)
        if response.status_code >= 400:
            raise ApiError(response.status_code, response.json() if response.content else None)
        return response

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
