# Sourced by scripts/run and scripts/test: make .venv with the pinned requirements.
# Usage: ensure_venv requirements/base.txt
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

find_python() {
    for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
            echo "$candidate"
            return 0
        fi
    done
    echo "Uppdragsbanken needs Python 3.11 (python3.11 or python3 on PATH)." >&2
    return 1
}

ensure_venv() {
    local requirements="$1"
    local stamp="$VENV/.installed-$(basename "$requirements" .txt)"
    if [ ! -x "$VENV/bin/python" ]; then
        echo "==> Creating the virtual environment in .venv"
        "$(find_python)" -m venv "$VENV"
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
    fi
    # Reinstall only when a requirements file changed since the last install.
    local digest
    digest="$(cat "$ROOT"/requirements/*.txt | sha256sum | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
        echo "==> Installing $requirements"
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/$requirements"
        echo "$digest" >"$stamp"
    fi
}

# WeasyPrint draws the PDF certificates with Pango. Debian's python3 image has it through its
# dependencies; a slimmer machine may not. Install it when we may, otherwise say how.
ensure_pango() {
    if ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so.0" && ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0"; then
        return 0
    fi
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "==> Installing Pango for the PDF certificates"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null
    else
        echo "!!  Pango is missing, so PDF certificates cannot be made (the pages work)."
        echo "    Install it with: sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"
    fi
}
