#!/usr/bin/env bash
# Build the one-folder bundle dist/image-studio/ with PyInstaller from a fresh clone, then smoke-test
# it: `--version` must print the version, and `--demo` must open its window (offscreen) and stay up.
#
#   packaging/build_bundle.sh            # Linux (macOS works too, see packaging/README.md)
#
# Environment: PYTHON (default python3, 3.11+), BUNDLE_VENV (default build/bundle-venv, recreated
# on every run), SMOKE_SECONDS (how long the demo window must stay up, default 8).
set -euo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-python3}"
venv="${BUNDLE_VENV:-build/bundle-venv}"
smoke_seconds="${SMOKE_SECONDS:-8}"
bundle_dir="dist/image-studio"
started=$SECONDS

say() { printf 'build_bundle: %s\n' "$*"; }
fail() { printf 'build_bundle: FAILED: %s\n' "$*" >&2; exit 1; }

# 1. A clean venv with the package (not editable: the bundle must see the installed layout,
#    where resources/ is the package studio.resources_data) and PyInstaller.
say "creating the venv $venv with $("$python" --version 2>&1)"
"$python" -m venv --clear "$venv"
vpy="$venv/bin/python"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
"$vpy" -m pip install --quiet --upgrade pip
rm -rf build/lib build/bdist.* # setuptools' in-tree build dirs: stale copies must not leak in
say "installing image-studio[bundle]"
"$vpy" -m pip install --quiet ".[bundle]"
version=$("$vpy" -I -c 'from importlib.metadata import version; print(version("image-studio"))')
say "installed image-studio $version, PyInstaller $("$venv/bin/pyinstaller" --version)"

# 2. The bundle.
say "running PyInstaller"
build_started=$SECONDS
# (The pyinstaller script, not `python -m PyInstaller`: -m would put the checkout first on
# sys.path, and the analysis would pick up the uninstalled source tree.)
"$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/image-studio.spec
say "PyInstaller took $((SECONDS - build_started)) s"
exe="$bundle_dir/image-studio"
[[ -x "$exe" ]] || fail "$exe was not built"

# 3. Smoke tests, in a throwaway home so nothing touches the builder's settings, library or keys.
smoke_home=$(mktemp -d)
app_pid=""
cleanup() {
    if [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2>/dev/null; then
        kill "$app_pid" 2>/dev/null || true
    fi
    rm -rf "$smoke_home"
}
trap cleanup EXIT
mkdir -p "$smoke_home"/{.config,.local/share,.cache,.local/state,Pictures,runtime}
chmod 700 "$smoke_home/runtime"
smoke_env=(env -u JOYAI_API_KEY -u GPTIMAGE2_API_KEY -u ICODEEASY_API_KEY -u OPENAI_API_KEY
    -u DISPLAY -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS
    HOME="$smoke_home" XDG_CONFIG_HOME="$smoke_home/.config"
    XDG_DATA_HOME="$smoke_home/.local/share" XDG_CACHE_HOME="$smoke_home/.cache"
    XDG_STATE_HOME="$smoke_home/.local/state" XDG_PICTURES_DIR="$smoke_home/Pictures"
    XDG_RUNTIME_DIR="$smoke_home/runtime" QT_QPA_PLATFORM=offscreen
    PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring)

say "smoke test: $exe --version"
got=$("${smoke_env[@]}" "$exe" --version) || fail "--version exited with $?"
say "  -> $got"
[[ "$got" == "image-studio $version" ]] || fail "--version printed '$got', not 'image-studio $version'"

say "smoke test: the icon is inside the bundle"
bundled_icons=$(find "$bundle_dir" -path '*studio/resources_data/icons/hicolor/*' -name '*.png' | wc -l)
((bundled_icons == 8)) || fail "expected 8 bundled icon PNGs, found $bundled_icons"
say "  -> $bundled_icons PNG sizes and the SVG under $(find "$bundle_dir" -type d \
    -path '*studio/resources_data' | head -n1)"

say "smoke test: the German and Korean translations are inside the bundle"
for lang in de ko; do
    qm=$(find "$bundle_dir" -path "*studio/resources_data/translations/studio_$lang.qm" | head -n1)
    [[ -n $qm && -s $qm ]] || fail "studio_$lang.qm is missing from the bundle"
done
say "  -> studio_de.qm and studio_ko.qm"

say "smoke test: $exe --demo stays up for $smoke_seconds s (offscreen)"
demo_log="$smoke_home/demo.log"
"${smoke_env[@]}" "$exe" --demo >"$demo_log" 2>&1 &
app_pid=$!
sleep "$smoke_seconds"
if ! kill -0 "$app_pid" 2>/dev/null; then
    wait "$app_pid" && rc=0 || rc=$?
    cat "$demo_log" >&2
    fail "the demo window exited by itself within $smoke_seconds s (exit code $rc)"
fi
if grep -q 'Traceback' "$demo_log"; then
    cat "$demo_log" >&2
    fail "the demo window logged a traceback"
fi
kill -TERM "$app_pid"
for _ in $(seq 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$app_pid" 2>/dev/null && { kill -KILL "$app_pid"; say "  (needed SIGKILL to stop)"; }
wait "$app_pid" 2>/dev/null || true
app_pid=""
say "  -> alive after $smoke_seconds s, then terminated"
[[ -s "$demo_log" ]] && sed 's/^/  demo: /' "$demo_log"

# If the studio offers the STUDIO_AUTOTEST_PROMPT hook, also generate one image on the demo
# provider through the bundle (this catches missing image plugins and the like). Without the
# hook the window just stays open, which the first check already covered.
say "smoke test: one demo job through STUDIO_AUTOTEST_PROMPT (if the studio has that hook)"
"${smoke_env[@]}" STUDIO_AUTOTEST_PROMPT="a lighthouse at dusk" STUDIO_AUTOTEST_TIMEOUT=60 \
    "$exe" --demo >"$smoke_home/auto.out" 2>"$smoke_home/auto.err" &
app_pid=$!
for _ in $(seq 900); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$app_pid" 2>/dev/null; then
    kill -TERM "$app_pid"
    wait "$app_pid" 2>/dev/null || true
    app_pid=""
    say "  -> still open after 90 s: no autotest hook in this version (skipped)"
else
    wait "$app_pid" && rc=0 || rc=$?
    app_pid=""
    if ((rc != 0)); then
        cat "$smoke_home/auto.out" "$smoke_home/auto.err" >&2
        fail "the autotest job failed (exit code $rc)"
    fi
    saved=$(head -n1 "$smoke_home/auto.out")
    [[ -n "$saved" && -s "$saved" ]] || fail "the autotest reported no saved image"
    say "  -> saved $(basename "$saved") ($(wc -c <"$saved") bytes)"
fi

say "OK: $bundle_dir is $(du -sh "$bundle_dir" | cut -f1) ($(find "$bundle_dir" -type f | wc -l)" \
    "files); total time $((SECONDS - started)) s"
