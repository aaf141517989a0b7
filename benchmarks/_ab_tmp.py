import asyncio, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import seed as seeding
from benchmarks.run import gateway_server, floor_server, load
from gateway.db import close_db

TREES = sys.argv[1:]

async def main():
    async with seeding.one_seeded_seller(50000) as (settings, token):
        await close_db()
        from gateway.services import tokens  # noqa
        import jwt
        rows = {t: [] for t in TREES}
        rows["floor"] = []
        for rnd in range(3):
            for tree in TREES:
                server = gateway_server(settings, token)
                server.env["PYTHONPATH"] = tree
                server.start()
                try:
                    r = load(server, 15, 32)
                finally:
                    server.stop()
                rows[tree].append(r)
                print(rnd, tree, round(r["rps"], 1), round(r["server_cpu_ms"], 2), r["errors"], flush=True)
        for tree, rs in rows.items():
            if rs:
                print(tree, "rps", [round(r["rps"], 1) for r in rs], "cpu", [round(r["server_cpu_ms"], 2) for r in rs])
asyncio.run(main())
