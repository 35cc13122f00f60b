#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh DIR.
#
#   deploy/restore.sh DIR
#
# Same environment as backup.sh and the settings: DATABASE_URL (required),
# MEDIA_ROOT, PRIVATE_MEDIA_ROOT. Stop the web server and the worker first.
#
# 1. Checks DIR/MANIFEST and the SHA-256 of every file it lists; nothing is
#    touched if one is missing or differs.
# 2. Restores the database in one transaction: into an empty database as it is,
#    into a used one with pg_restore --clean --if-exists (its tables are dropped
#    and created again). If anything fails, the transaction rolls back and the
#    database is as before; restoring into a new empty database always works
#    (createdb NAME, then DATABASE_URL=.../NAME).
# 3. Unpacks each media archive into a new folder and puts it in place of the
#    media root; the old content, if any, is kept beside it as
#    <root>.before-restore-<time>.
# Then run `manage.py migrate` if the code is newer than the backup (MANIFEST
# names the commit), and `manage.py verify_documents`.
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
    *) echo "restore.sh: DATABASE_URL must be a PostgreSQL URL (postgres://...)" >&2; exit 2 ;;
esac
media_root=${MEDIA_ROOT:-$root/media}
private_root=${PRIVATE_MEDIA_ROOT:-$root/private_media}

manifest=$dir/MANIFEST
if [[ ! -f $manifest ]]; then
    echo "restore.sh: $manifest is missing: not a complete backup.sh backup" >&2
    exit 1
fi
sums=$(grep -E '^[0-9a-f]{64}  ' "$manifest" || true)
for name in database.dump media.tar.gz private_media.tar.gz; do
    if ! grep -qE "^[0-9a-f]{64}  $name\$" <<<"$sums"; then
        echo "restore.sh: MANIFEST lists no checksum for $name" >&2
        exit 1
    fi
done
echo "→ checking checksums"
if ! (cd "$dir" && sha256sum --check --strict --quiet <<<"$sums"); then
    echo "restore.sh: checksum mismatch in $dir: the backup is damaged, nothing restored" >&2
    exit 1
fi
for archive in media.tar.gz private_media.tar.gz; do
    tar -tzf "$dir/$archive" >/dev/null
done
grep -E '^(created|version|commit): ' "$manifest" | sed 's/^/  /'

tables=$(psql --no-password --no-psqlrc --tuples-only --no-align --dbname="$DATABASE_URL" \
    --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
restore=(pg_restore --no-password --no-owner --no-privileges --single-transaction
    --exit-on-error --dbname="$DATABASE_URL")
if [[ $tables -gt 0 ]]; then
    echo "→ database: replacing $tables tables (pg_restore --clean --if-exists)"
    restore+=(--clean --if-exists)
else
    echo "→ database: into the empty database"
fi
"${restore[@]}" "$dir/database.dump"

stamp=$(date -u +%Y%m%dT%H%M%SZ)
unpack() { # unpack FILE ROOT: FILE's content becomes ROOT's
    local source=$1 target=$2 fresh
    mkdir -p "$(dirname "$target")"
    fresh=$(mktemp -d "$target.restoring-XXXXXX")
    tar -C "$fresh" -xzf "$source"
    chmod 755 "$fresh"
    if [[ -d $target ]] && [[ -n "$(ls -A "$target")" ]]; then
        mv "$target" "$target.before-restore-$stamp"
        echo "  earlier content kept in $target.before-restore-$stamp"
    elif [[ -d $target ]]; then
        rmdir "$target"
    fi
    mv "$fresh" "$target"
}
echo "→ media: $media_root"
unpack "$dir/media.tar.gz" "$media_root"
echo "→ private media: $private_root"
unpack "$dir/private_media.tar.gz" "$private_root"

backup_commit=$(sed -nE 's/^commit: ([0-9a-f]+).*/\1/p' "$manifest")
current=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)
if [[ -n $backup_commit ]] && [[ $backup_commit != "$current" ]]; then
    echo "  note: backup from commit $backup_commit, code at $current: run manage.py migrate"
fi
echo "✓ restored from $dir"
