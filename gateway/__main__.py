"""``python -m gateway`` is the ``sellergate`` command."""

from gateway.cli import main

main()
