"""Make sure the browser tests have their browser: Debian's Chromium.

Playwright drives /usr/bin/chromium (never a downloaded browser). On a Debian
machine where we may install packages (root, or passwordless sudo) a missing
Chromium is installed; elsewhere the browser tests are skipped with a note,
except under CI=true, where a missing browser fails the run.
"""

import os
import shutil
import subprocess
import sys

CHROMIUM = "/usr/bin/chromium"


def can_install() -> list[str] | None:
    if not shutil.which("apt-get"):
        return None
    if os.geteuid() == 0:
        return []
    sudo = shutil.which("sudo")
    if sudo and subprocess.run([sudo, "-n", "true"], capture_output=True).returncode == 0:
        return [sudo, "-n"]
    return None


def main() -> int:
    if os.path.exists(CHROMIUM):
        return 0
    prefix = can_install()
    if prefix is not None:
        print("Installing Debian's chromium for the browser tests…", flush=True)
        environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([*prefix, "apt-get", "update", "-qq"], check=True, env=environment)
        subprocess.run(
            [*prefix, "apt-get", "install", "-y", "-qq", "chromium"], check=True, env=environment
        )
        return 0
    message = f"{CHROMIUM} is missing and cannot be installed here (apt-get install chromium)."
    if os.environ.get("CI", "").lower() == "true":
        print(f"error: {message}", file=sys.stderr)
        return 1
    print(f"note: {message} The browser tests will be skipped.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
