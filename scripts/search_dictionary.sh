#!/usr/bin/env bash
# Put the Swedish hunspell dictionary where PostgreSQL's full-text search reads it, so that search
# splits compounds ("julmarknaden" → jul, marknad). Then `manage.py search_setup` (or `migrate`
# on a new database) builds the text search configuration `uppdrag_sv` on top of it.
#
# Runs on the machine the database runs on, as root (or a user who may write PostgreSQL's
# share folder): it copies files into <SHAREDIR>/tsearch_data. It cannot help a managed database
# (no access to its files); there search keeps working with the plain Swedish stemmer, and
# `manage.py check --database default` says so.
#
# What it does, each step only when needed (running it twice changes nothing):
#   1. installs Debian's hunspell-sv (apt-get) when /usr/share/hunspell/sv_SE.* are missing;
#   2. finds PostgreSQL's share folder: from the database (DATABASE_URL, the pg_config view needs a
#      superuser), else `pg_config --sharedir`, else /usr/share/postgresql/<newest version>/;
#   3. copies sv_SE.aff → tsearch_data/sv_se.affix and sv_SE.dic → tsearch_data/sv_se.dict,
#      converted to UTF-8 if the files are not already (PostgreSQL reads them as UTF-8).
set -euo pipefail

HUNSPELL_DIR="${HUNSPELL_DIR:-/usr/share/hunspell}"
AFF="$HUNSPELL_DIR/sv_SE.aff"
DIC="$HUNSPELL_DIR/sv_SE.dic"

if [ ! -f "$AFF" ] || [ ! -f "$DIC" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "==> Installing the Swedish hunspell dictionary (hunspell-sv)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hunspell-sv >/dev/null
    else
        echo "!!  $AFF is missing. Install it as root: apt-get install -y hunspell-sv" >&2
        exit 1
    fi
fi
# Debian's sv_SE files may be links into /usr/share/hunspell/…; read what they point at.
AFF="$(readlink -f "$AFF")"
DIC="$(readlink -f "$DIC")"

sharedir=""
if [ -n "${DATABASE_URL:-}" ] && command -v psql >/dev/null 2>&1; then
    sharedir="$(psql "$DATABASE_URL" -tAc "SELECT setting FROM pg_config WHERE name = 'SHAREDIR'" 2>/dev/null || true)"
fi
if [ -z "$sharedir" ] && command -v pg_config >/dev/null 2>&1; then
    sharedir="$(pg_config --sharedir 2>/dev/null || true)"
fi
if [ -z "$sharedir" ] || [ ! -d "$sharedir/tsearch_data" ]; then
    sharedir="$(find /usr/share/postgresql -mindepth 1 -maxdepth 1 -type d 2>/dev/null | sort -V | tail -n 1)"
fi
target="$sharedir/tsearch_data"
if [ -z "$sharedir" ] || [ ! -d "$target" ]; then
    echo "!!  PostgreSQL's tsearch_data folder was not found on this machine. Run this script where" >&2
    echo "    the database runs; a managed database cannot take the dictionary (search then uses" >&2
    echo "    the plain Swedish stemmer)." >&2
    exit 1
fi

# Copy $1 to $2 as UTF-8, only when the content differs.
install_utf8() {
    local source="$1" dest="$2" encoding tmp
    encoding="$(sed -n 's/^SET[[:space:]]\+\([^[:space:]]\+\).*/\1/p' "$source" | head -n 1)"
    tmp="$(mktemp)"
    case "${encoding^^}" in
        "" | UTF-8 | UTF8) cp "$source" "$tmp" ;;
        *) iconv -f "$encoding" -t UTF-8 "$source" >"$tmp" ;;
    esac
    if ! iconv -f UTF-8 -t UTF-8 "$tmp" >/dev/null 2>&1; then
        rm -f "$tmp"
        echo "!!  $source is not valid UTF-8 after conversion; PostgreSQL could not read it." >&2
        exit 1
    fi
    if [ -f "$dest" ] && cmp -s "$tmp" "$dest"; then
        rm -f "$tmp"
        echo "    $dest is up to date"
        return
    fi
    install -m 0644 "$tmp" "$dest"
    rm -f "$tmp"
    echo "==> Copied $source to $dest"
}

# The .aff of a converted file still says which encoding it was in; PostgreSQL ignores that line.
install_utf8 "$AFF" "$target/sv_se.affix"
install_utf8 "$DIC" "$target/sv_se.dict"
echo "==> Swedish dictionary in place. Build the search configuration with: manage.py search_setup"
