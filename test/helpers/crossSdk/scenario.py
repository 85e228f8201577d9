# The cross-SDK scenario set for the official Azure SDK for Python (azure-keyvault-secrets with
# azure-identity's DefaultAzureCredential): the Python twin of scenario.mjs, with challenge-resource
# verification ON (the default; verify_challenge_resource is never passed). Configured by the environment
# the emulator CLI printed plus KV_PREFIX, KV_RETENTION and KV_FOREIGN_RESOURCE (see scenario.mjs) and
# REQUESTS_CA_BUNDLE (the emulator's CA). Prints "ok <scenario>" per passed scenario and exits 1 on the
# first failure.
import json
import os
import socket
import sys
import time
import urllib.parse
import urllib.request

# Test-only name resolution: Python asks the system resolver, which here answers ENOTFOUND for
# *.localhost (RFC 6761 names). Resolving them to loopback in getaddrinfo keeps the URL, the Host header,
# TLS SNI and certificate checks on the vault name, exactly as on a machine whose resolver knows them (or
# with the emulator's --print-hosts lines in /etc/hosts).
_system_getaddrinfo = socket.getaddrinfo


def _getaddrinfo(host, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else host
    if isinstance(name, str) and name.lower().rstrip(".").endswith(".localhost"):
        host = "127.0.0.1"
    return _system_getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = _getaddrinfo

from azure.core.credentials import AccessToken  # noqa: E402
from azure.core.exceptions import HttpResponseError  # noqa: E402
from azure.identity import DefaultAzureCredential  # noqa: E402
from azure.keyvault.secrets import SecretClient  # noqa: E402

prefix = os.environ["KV_PREFIX"]
retention = dict(pair.split("=") for pair in os.environ["KV_RETENTION"].split(","))
credential = DefaultAzureCredential()
vaults = []
for name in ("alpha", "beta"):
    url = os.environ["KEYVAULT_URI_" + name.upper()]
    vaults.append({"name": name, "url": url, "client": SecretClient(url, credential)})
POLL = {"_polling_interval": 0.02}


def ok(scenario):
    print("ok " + scenario, flush=True)


def status_of(call):
    try:
        call()
    except HttpResponseError as error:
        return error.status_code, str(error)
    raise AssertionError("expected the call to fail")


def names(client):
    return [properties.name for properties in client.list_properties_of_secrets()]


def foreign_token():
    query = urllib.parse.urlencode(
        {"api-version": "2019-08-01", "resource": os.environ["KV_FOREIGN_RESOURCE"]}
    )
    request = urllib.request.Request(
        os.environ["IDENTITY_ENDPOINT"] + "?" + query,
        headers={"X-IDENTITY-HEADER": os.environ["IDENTITY_HEADER"]},
    )
    with urllib.request.urlopen(request) as response:
        return json.load(response)["access_token"]


class ForeignCredential:
    def __init__(self, token):
        self.token = token

    def get_token(self, *scopes, **kwargs):
        return AccessToken(self.token, int(time.time()) + 3600)


for vault, other in ((vaults[0], vaults[1]), (vaults[1], vaults[0])):
    client, url = vault["client"], vault["url"]
    name = "{}-in-{}".format(prefix, vault["name"])

    client.set_secret(name, "value-1")
    latest = client.set_secret(name, "value-2")
    assert client.get_secret(name).value == "value-2"
    assert latest.id == "{}/secrets/{}/{}".format(url, name, latest.properties.version), latest.id
    ok("set and get in " + vault["name"])

    assert status_of(lambda: other["client"].get_secret(name))[0] == 404
    ok("a secret of {} is 404 in {}".format(vault["name"], other["name"]))

    assert name in names(client)
    assert name not in names(other["client"])
    ok("list {} without {}'s secrets".format(vault["name"], other["name"]))

    client.begin_delete_secret(name, **POLL).result()
    deleted = client.get_deleted_secret(name)
    assert deleted.recovery_id == "{}/deletedsecrets/{}".format(url, name), deleted.recovery_id
    days = (deleted.scheduled_purge_date - deleted.deleted_date).total_seconds() / 86400
    assert days == int(retention[vault["name"]]), days
    ok("delete in {} with its {}-day retention".format(vault["name"], int(days)))

    client.begin_recover_deleted_secret(name, **POLL).result()
    assert client.get_secret(name).value == "value-2"
    ok("recover in " + vault["name"])

    doomed = name + "-purged"
    client.set_secret(doomed, "v")
    client.begin_delete_secret(doomed, **POLL).result()
    client.purge_deleted_secret(doomed)
    assert status_of(lambda: client.get_deleted_secret(doomed))[0] == 404
    ok("purge in " + vault["name"])

    moving = name + "-moving"
    client.set_secret(moving, "carried")
    backup = client.backup_secret(moving)
    restored = other["client"].restore_secret_backup(backup)
    assert restored.vault_url == other["url"], restored.vault_url
    assert restored.name == moving
    assert other["client"].get_secret(moving).value == "carried"
    ok("backup from {} restores into {}".format(vault["name"], other["name"]))

    foreign = SecretClient(url, ForeignCredential(foreign_token()))
    status, message = status_of(lambda: foreign.get_secret(name))
    assert status == 401, status
    assert "AKV10022: Invalid audience" in message, message
    ok("{} refuses a token issued for another resource".format(vault["name"]))

print("scenario complete", flush=True)
sys.exit(0)
