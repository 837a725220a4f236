"""`civette demo` loads the demo orders into the embedded default database only, unless forced:
a configured database may hold the shop's real orders."""

import pytest
import sqlalchemy as sa

from civette import db
from civette.cli import main

DEMO_ORDERS = 306  # 300 random orders and the 6 of the README


@pytest.fixture
def default_store(tmp_path, monkeypatch):
    """The embedded default store, moved to a temporary file, migrated and empty."""
    path = tmp_path / "default.db"
    db.upgrade(f"sqlite:///{path}")
    monkeypatch.setattr(db, "DEFAULT_URL", f"sqlite:///{path}")
    monkeypatch.delenv("CIVETTE_DATABASE_URL", raising=False)
    return path


@pytest.fixture
def shop_store(tmp_path, monkeypatch, default_store):
    """Another store, configured by CIVETTE_DATABASE_URL: the shop's, say."""
    path = tmp_path / "shop.db"
    db.upgrade(f"sqlite:///{path}")
    monkeypatch.setenv("CIVETTE_DATABASE_URL", f"sqlite:///{path}")
    return path


def orders(path) -> int:
    engine = db.make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        count = connection.execute(sa.text("SELECT count(*) FROM orders")).scalar_one()
    engine.dispose()
    return count


def test_demo_loads_into_the_embedded_default_database(default_store, capsys):
    assert main(["demo"]) == 0
    assert capsys.readouterr().out == f"demo data: {DEMO_ORDERS} orders\n"
    assert orders(default_store) == DEMO_ORDERS


def test_demo_refuses_another_database_and_writes_nothing(default_store, shop_store, capsys):
    before = shop_store.read_bytes()
    assert main(["demo"]) == 1
    error = capsys.readouterr().err
    assert error == (f"demo data not loaded: sqlite:///{shop_store} is not the embedded default database "
                     "and may hold real orders (civette demo --force loads them there)\n")
    assert shop_store.read_bytes() == before
    assert orders(shop_store) == 0 and orders(default_store) == 0


def test_demo_loads_into_another_database_when_forced(default_store, shop_store):
    assert main(["demo", "--force"]) == 0
    assert orders(shop_store) == DEMO_ORDERS
    assert orders(default_store) == 0


def test_refusal_does_not_show_the_database_password(default_store, monkeypatch, capsys):
    monkeypatch.setenv("CIVETTE_DATABASE_URL", "postgresql://civette:s3cret@127.0.0.1:5432/shop")
    assert main(["demo"]) == 1
    error = capsys.readouterr().err
    assert "postgresql://civette:***@127.0.0.1:5432/shop" in error and "s3cret" not in error
