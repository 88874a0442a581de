#!/usr/bin/env bash
# Install (or remove) Image Studio's desktop integration: launcher, AppStream metainfo, hicolor icons.
#
#   packaging/linux/install.sh [--prefix DIR] [--exec COMMAND] [--uninstall]
#
# --prefix   where to install (default: ~/.local; use /usr/local for every user, as root)
# --exec     the command the launcher runs (default: image-studio, found on PATH); pass the
#            absolute path of a bundle, e.g. /opt/image-studio/image-studio
# --uninstall  remove what an install put there
# DESTDIR is honoured for staged installs (distribution packaging).
set -euo pipefail

app_id="io.github.imagestudio.ImageStudio"
here="$(cd "$(dirname "$0")" && pwd)"
hicolor_src="$here/../../resources/icons/hicolor"
prefix="${HOME}/.local"
exec_cmd=""
uninstall=0

usage() { sed -n '2,11s/^# \{0,1\}//p' "$0"; }
while (($#)); do
    case "$1" in
        --prefix) prefix="${2:?--prefix needs a directory}"; shift 2 ;;
        --prefix=*) prefix="${1#*=}"; shift ;;
        --exec) exec_cmd="${2:?--exec needs a command}"; shift 2 ;;
        --exec=*) exec_cmd="${1#*=}"; shift ;;
        --uninstall) uninstall=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done

root="${DESTDIR:-}${prefix%/}"
applications="$root/share/applications"
metainfo="$root/share/metainfo"
icons="$root/share/icons/hicolor"
sizes=(16 24 32 48 64 128 256 512)

targets=("$applications/$app_id.desktop" "$metainfo/$app_id.metainfo.xml"
         "$icons/scalable/apps/$app_id.svg")
for size in "${sizes[@]}"; do
    targets+=("$icons/${size}x${size}/apps/$app_id.png")
done

if ((uninstall)); then
    for target in "${targets[@]}"; do
        if [[ -e "$target" ]]; then
            rm -f -- "$target"
            echo "removed $target"
        fi
    done
else
    if [[ -z "$exec_cmd" ]]; then
        install -Dm644 "$here/$app_id.desktop" "$applications/$app_id.desktop"
    else
        # Quote the command as the Desktop Entry spec wants: inside double quotes, \ " ` $ get a
        # backslash, and every backslash is then doubled by the spec's string escaping.
        quoted="$exec_cmd"
        quoted="${quoted//\\/\\\\\\\\}"
        for char in '"' '`' '$'; do
            quoted="${quoted//"$char"/\\\\$char}"
        done
        mkdir -p "$applications"
        while IFS= read -r line; do
            case "$line" in
                Exec=image-studio*) line="Exec=\"$quoted\"${line#Exec=image-studio}" ;;
                TryExec=*) line="TryExec=${exec_cmd//\\/\\\\}" ;;
            esac
            printf '%s\n' "$line"
        done <"$here/$app_id.desktop" >"$applications/$app_id.desktop"
        chmod 644 "$applications/$app_id.desktop"
    fi
    install -Dm644 "$here/$app_id.metainfo.xml" "$metainfo/$app_id.metainfo.xml"
    install -Dm644 "$hicolor_src/scalable/apps/$app_id.svg" "$icons/scalable/apps/$app_id.svg"
    for size in "${sizes[@]}"; do
        install -Dm644 "$hicolor_src/${size}x${size}/apps/$app_id.png" \
            "$icons/${size}x${size}/apps/$app_id.png"
    done
    printf 'installed %s\n' "${targets[@]}"
fi

# Refresh the caches desktops read; a staged install leaves that to the package's triggers.
if [[ -z "${DESTDIR:-}" ]]; then
    if command -v update-desktop-database >/dev/null; then
        update-desktop-database -q "$applications" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null && [[ -f "$icons/index.theme" ]]; then
        gtk-update-icon-cache -q -t "$icons" 2>/dev/null || true
    fi
    touch -c "$icons" 2>/dev/null || true
fi
