"""`broker start --secure`: a password per principal, kept; settings per principal."""

from ops.kafka.secure import ADMIN, secure_listener, write_client_envs
from workers.runtime.acls import default_users
from workers.runtime.settings import RuntimeSettings


def test_each_principal_gets_a_private_password_kept_across_starts(tmp_path):
    first = secure_listener(tmp_path)
    assert set(first.users) == {ADMIN, *default_users().values()}
    assert first.super_users == (ADMIN,)  # the workers are not
    assert (tmp_path / "secrets").stat().st_mode & 0o077 == 0
    again = secure_listener(tmp_path)  # the users live in the formatted metadata
    assert again.users == first.users
    assert len(set(first.users.values())) == len(first.users)


def test_each_principal_s_settings_reach_the_broker_as_it(tmp_path, monkeypatch):
    listener = secure_listener(tmp_path)
    extra = {"NEWS_TOPIC_REPLICATION_FACTOR": "3"}  # a cluster's
    envs = write_client_envs(tmp_path, "127.0.0.1:19093", listener.pki, extra)
    assert len(envs) == len(listener.users)
    language = tmp_path / "secrets" / "newsenrich-language.env"
    for line in language.read_text().splitlines():
        name, value = line.split("=", 1)
        monkeypatch.setenv(name, value)
    settings = RuntimeSettings()
    assert settings.kafka_sasl_username == "newsenrich-language"
    assert settings.topic_replication_factor == 3
    password = settings.sasl_password()
    assert password is not None
    assert password.get_secret_value() == listener.users["newsenrich-language"]
    assert listener.users["newsenrich-language"] not in language.read_text()
