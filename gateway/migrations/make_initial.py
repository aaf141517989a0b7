"""Regenerate the initial aerich migrations for both dialects (development only; run with
the project venv after deleting gateway/migrations/{sqlite,postgres}): needs empty mig_* databases."""
import asyncio, sys
from aerich import Command
from gateway.settings import Settings
from gateway.db import tortoise_config, MIGRATIONS

async def main(kind):
    if kind == "sqlite":
        s = Settings(data_dir="/tmp/mig/sqlite")
    else:
        s = Settings(db_us_url="postgres://postgres@127.0.0.1:5432/mig_us", db_cn_url="postgres://postgres@127.0.0.1:5432/mig_cn", db_directory_url="postgres://postgres@127.0.0.1:5432/mig_dir")
    for app in ("regional", "directory"):
        config = tortoise_config(s, regional_default="us")
        config["apps"][app]["models"].append("aerich.models")
        async def one(config=config, app=app):
            async with Command(config, app=app, location=str(MIGRATIONS / kind)) as c:
                await c.init_db(safe=True)
        await asyncio.create_task(one())
asyncio.run(main(sys.argv[1]))
