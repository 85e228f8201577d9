# The permission matrix through the official Azure SDK for Python (azure-keyvault-secrets with
# azure-identity's DefaultAzureCredential): the Python twin of probe.mjs. The default identity (no client
# id) prepares each vault, the user-assigned identity "probe" (managed_identity_client_id) probes.
# Configured by the emulator CLI's printed variables and REQUESTS_CA_BUNDLE; prints the matrix as JSON.
import json
import os
import re
import socket

# Test-only name resolution, as in ../crossSdk/scenario.py: *.localhost resolves to loopback.
_system_getaddrinfo = socket.getaddrinfo


def _getaddrinfo(host, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else host
    if isinstance(name, str) and name.lower().rstrip(".").endswith(".localhost"):
        host = "127.0.0.1"
    return _system_getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = _getaddrinfo

from azure.core.exceptions import HttpResponseError  # noqa: E402
from azure.identity import DefaultAzureCredential  # noqa: E402
from azure.keyvault.secrets import SecretClient  # noqa: E402

PREFIX = "python-"
POLL = {"_polling_interval": 0.02}
COLUMNS = json.loads(os.environ["KV_MATRIX_COLUMNS"])
OPERATIONS = json.loads(os.environ["KV_MATRIX_OPERATIONS"])

admin_credential = DefaultAzureCredential()
probe_credential = DefaultAzureCredential(
    managed_identity_client_id=os.environ["KEYVAULT_IDENTITY_PROBE_CLIENT_ID"]
)
responses = []


def capture(pipeline_response):
    request = pipeline_response.http_request
    response = pipeline_response.http_response
    if response.status_code != 401:
        responses.append((request.method, request.url, response))


def vault_url(vault):
    return os.environ["KEYVAULT_URI_" + vault.upper().replace("-", "_")]


def prepare(admin):
    live = admin.set_secret(PREFIX + "live", "value")
    admin.set_secret(PREFIX + "doomed", "value")
    for name in ("gone", "gone-r", "gone-p", "copy"):
        admin.set_secret(PREFIX + name, "value")
    blob = admin.backup_secret(PREFIX + "copy")
    for name in ("gone", "gone-r", "gone-p", "copy"):
        admin.begin_delete_secret(PREFIX + name, **POLL).wait()
    admin.purge_deleted_secret(PREFIX + "copy")
    return {"version": live.properties.version, "blob": blob}


def first_page(pages):
    for page in pages.by_page():
        return list(page)
    return []


RUN = {
    "getSecret": lambda c, s: c.get_secret(PREFIX + "live"),
    "setSecret": lambda c, s: c.set_secret(PREFIX + "live", "new value"),
    "updateSecret": lambda c, s: c.update_secret_properties(PREFIX + "live", s["version"], tags={"a": "b"}),
    "deleteSecret": lambda c, s: c.begin_delete_secret(PREFIX + "doomed", **POLL).wait(),
    "getSecrets": lambda c, s: first_page(c.list_properties_of_secrets()),
    "getSecretVersions": lambda c, s: first_page(c.list_properties_of_secret_versions(PREFIX + "live")),
    "getDeletedSecrets": lambda c, s: first_page(c.list_deleted_secrets()),
    "getDeletedSecret": lambda c, s: c.get_deleted_secret(PREFIX + "gone"),
    "recoverDeletedSecret": lambda c, s: c.begin_recover_deleted_secret(PREFIX + "gone-r", **POLL).wait(),
    "purgeDeletedSecret": lambda c, s: c.purge_deleted_secret(PREFIX + "gone-p"),
    "backupSecret": lambda c, s: c.backup_secret(PREFIX + "live"),
    "restoreSecret": lambda c, s: c.restore_secret_backup(s["blob"]),
}
CARRIER = {
    "deleteSecret": lambda method, url: method == "DELETE",
    "recoverDeletedSecret": lambda method, url: method == "POST" and re.search(r"/recover\b", url),
}


def describe(response):
    if response is None:
        return {"status": 0}
    answer = {"status": response.status_code}
    assignment = response.headers.get("x-ms-keyvault-rbac-assignment-id")
    if assignment:
        answer["assignmentId"] = assignment
    if response.status_code >= 400:
        error = json.loads(response.text())["error"]
        answer.update(code=error["code"], innerCode=(error.get("innererror") or {}).get("code"), message=error["message"])
    return answer


matrix = {}
for column in COLUMNS:
    url = vault_url(column["vault"])
    state = prepare(SecretClient(url, admin_credential))
    probe = SecretClient(url, probe_credential, raw_response_hook=capture)
    row = matrix[column["label"]] = {}
    for operation in OPERATIONS:
        del responses[:]
        try:
            RUN[operation](probe, state)
        except HttpResponseError:
            pass  # the captured response says what happened
        matches = CARRIER.get(operation, lambda method, url: True)
        row[operation] = describe(next((r for m, u, r in responses if matches(m, u)), None))
print(json.dumps({"matrix": matrix}), flush=True)
