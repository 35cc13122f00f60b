#!/usr/bin/env bash
# Back up Một Cửa QMS into DIR: the PostgreSQL database and both media roots.
#
#   deploy/backup.sh DIR
#
# Reads the same environment as the settings (config/settings/base.py):
#   DATABASE_URL         postgres://user[:password]@host:port/name (required)
#   MEDIA_ROOT           public uploads (default: <checkout>/media)
#   PRIVATE_MEDIA_ROOT   attachments and evidence (default: <checkout>/private_media)
#
# DIR gets:
#   database.dump        pg_dump -Fc (custom format: pg_restore reads it)
#   media.tar.gz         MEDIA_ROOT's content
#   private_media.tar.gz PRIVATE_MEDIA_ROOT's content
#   MANIFEST             what, when, which code version, and the SHA-256 of each file
#
# The database is dumped first (one consistent snapshot), the files after it: a
# file uploaded meanwhile is only an extra file, never a missing one. MANIFEST is
# written last, so an interrupted backup has none and restore.sh refuses it.
# With S3-compatible storage (django-storages) the media are in the bucket: back
# it up with the provider's tools; the archives here then hold only local files.
set -euo pipefail

usage() {
    echo "usage: $0 DIR   (DATABASE_URL, MEDIA_ROOT, PRIVATE_MEDIA_ROOT from the environment)" >&2
    exit 2
}
[[ $# -eq 1 ]] || usage
dir=$1
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

: "${DATABASE_URL:?DATABASE_URL is not set (postgres://user@host:5432/name)}"
case "$DATABASE_URL" in
    postgres://* | postgresql://*) ;;
    *) echo "backup.sh: DATABASE_URL must be a PostgreSQL URL (postgres://...)" >&2; exit 2 ;;
esac
# An empty variable means the default here (base.py would read it as ".").
media_root=${MEDIA_ROOT:-$root/media}
private_root=${PRIVATE_MEDIA_ROOT:-$root/private_media}

mkdir -p "$dir"
if [[ -n "$(ls -A "$dir")" ]]; then
    echo "backup.sh: $dir is not empty; give a new or empty folder" >&2
    exit 1
fi
dir=$(cd "$dir" && pwd)

archive() { # archive ROOT FILE: the folder's content, relative to it
    local source=$1 target=$2
    if [[ -d "$source" ]]; then
        tar -C "$source" -czf "$target" .
    else
        echo "backup.sh: warning: $source does not exist; archiving nothing for it" >&2
        tar -czf "$target" --files-from /dev/null
    fi
}

echo "→ database ($(printf '%s' "$DATABASE_URL" | sed -E 's#//([^:@/]*):[^@]*@#//\1:***@#'))"
pg_dump --format=custom --no-password --file="$dir/database.dump" --dbname="$DATABASE_URL"
echo "→ media: $media_root"
archive "$media_root" "$dir/media.tar.gz"
echo "→ private media: $private_root"
archive "$private_root" "$dir/private_media.tar.gz"

commit=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)
if [[ $commit != unknown ]] && [[ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
    commit="$commit (with uncommitted changes)"
fi
version=$(sed -nE 's/^version = "([^"]+)"/\1/p' "$root/pyproject.toml" | head -n 1)
{
    echo "# Một Cửa QMS backup: deploy/restore.sh DIR checks and restores it"
    echo "created: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "version: ${version:-unknown}"
    echo "commit: $commit"
    echo "database: $(printf '%s' "$DATABASE_URL" | sed -E 's#^.*/([^/?]+)(\?.*)?$#\1#')"
    echo "pg_dump: $(pg_dump --version)"
    echo "media_root: $media_root"
    echo "private_media_root: $private_root"
    echo "# sha256sum -c reads the lines below"
    (cd "$dir" && sha256sum database.dump media.tar.gz private_media.tar.gz)
} >"$dir/MANIFEST.partial"
mv "$dir/MANIFEST.partial" "$dir/MANIFEST"
echo "✓ backup in $dir ($(du -sh "$dir" | cut -f1))"
